using System.Globalization;

using Madoguchi.Audit;
using Madoguchi.Counter;
using Madoguchi.Data;

using Microsoft.AspNetCore.Mvc;

namespace Madoguchi.Web.Pages.Office.Counter;

/// <summary>The day's list of one place (当日の一覧), printable on A4.</summary>
public sealed class IndexModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : CounterPageModel(db)
{
    private readonly MadoguchiDb _db = db;

    [BindProperty(SupportsGet = true, Name = "place")]
    public string? PlaceCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "date")]
    public string? Date { get; set; }

    [BindProperty(SupportsGet = true, Name = "counter")]
    public string? CounterText { get; set; }

    public DateOnly Day { get; private set; }

    public DateOnly Today { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public int? Counter { get; private set; }

    public DaySheet? Sheet { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        Now = clock.Now();
        Today = DateOnly.FromDateTime(Now.DateTime);
        Day = Today;
        if (Places.Count == 0)
        {
            Problem = CounterProblems.Refused("no-places", "担当の交付場所が設定されていません。管理者に、担当する交付場所の設定を頼んでください。");
            return Page();
        }

        if (!string.IsNullOrWhiteSpace(Date))
        {
            if (DateOnly.TryParseExact(Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                Day = day;
            }
            else
            {
                Problem = CounterProblems.Refused("date-invalid", $"日付「{Date}」は読めません。2027-03-01 のように入力してください。今日の一覧を表示しています。", "date");
            }
        }

        if (!string.IsNullOrWhiteSpace(CounterText))
        {
            if (int.TryParse(CounterText, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                Counter = n;
            }
            else
            {
                Problem = CounterProblems.Refused("counter-invalid", "窓口は番号で選んでください。すべての窓口を表示しています。", "counter");
            }
        }

        PlaceCode = string.IsNullOrWhiteSpace(PlaceCode) ? Places[0].Code : PlaceCode.Trim();
        var sheet = await new DayList(_db, trail) { OnlyDay = OnlyDay(clock) }.RunAsync(PlaceCode, Day, Counter, Allowed, cancellationToken);
        if (sheet.Problem is { } problem)
        {
            return Refused(problem);
        }

        Sheet = sheet.Value;
        return Page();
    }

    public string Link(DateOnly day) =>
        $"/office/counter?place={Uri.EscapeDataString(PlaceCode ?? "")}&date={day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
        + (Counter is { } n ? $"&counter={n}" : "");
}
