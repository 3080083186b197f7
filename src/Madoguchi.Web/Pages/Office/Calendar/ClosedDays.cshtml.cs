using System.Globalization;

using Madoguchi.Audit;
using Madoguchi.Calendar;
using Madoguchi.Calendar.Holidays;
using Madoguchi.Data;
using Madoguchi.Notices;
using Madoguchi.Web.Audit;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Calendar;

/// <summary>A year's closed days with their reasons; adds and removes the city's own closed days and place closures.</summary>
[Madoguchi.Web.Staff.FreshPassword]
public sealed class ClosedDaysModel(MadoguchiDb db, TimeProvider clock, NoticeSettings notices, AuditTrail trail) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Year { get; set; }

    [BindProperty]
    public string? PlaceId { get; set; }

    [BindProperty]
    public string? Date { get; set; }

    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? Until { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public string? Problem { get; private set; }

    public int ShownYear { get; private set; }

    public DateOnly Today { get; private set; }

    public IReadOnlyList<ClosedDayListing> Listing { get; private set; } = [];

    public IReadOnlyList<Place> Places { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var result = await new CloseDay(db, clock, notices, trail).AddAsync(new ClosureRequest(PlaceId, Date, From, Until, Reason), cancellationToken);
        if (result.Status == ClosureStatus.Invalid)
        {
            Errors = result.Errors;
            await LoadAsync(cancellationToken);
            return Page();
        }

        var closure = result.Closure!;
        var place = closure.PlaceId is { } id ? await db.Places.AsNoTracking().Where(p => p.Id == id).Select(p => p.Name).SingleAsync(cancellationToken) : null;
        Notice = $"追加しました: {Describe(closure, place)}。"
            + (result.Bookings > 0
                ? $"この時間にはすでに予約が {result.Bookings} 件あります。予約は取り消されずに残っているので、予約した方へ連絡してください（メールアドレスのある方には、休みのお知らせメールを送ります）。"
                : "この時間の予約はありません。");
        return Redirect($"/office/calendar/closed-days?year={closure.Date.Year}#closure-{closure.Id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        var closure = await db.ClosedDays.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        var place = closure?.PlaceId is { } placeId ? await db.Places.AsNoTracking().Where(p => p.Id == placeId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken) : null;
        var removal = await new CloseDay(db, clock, notices, trail).RemoveAsync(id, cancellationToken);
        switch (removal)
        {
            case ClosureRemoval.Removed:
                Notice = $"削除しました: {Describe(closure!, place)}。この日時はまた予約を受け付けます。";
                return Redirect($"/office/calendar/closed-days?year={closure!.Date.Year}");
            case ClosureRemoval.Past:
                Problem = "過ぎた日の休みは、その日に予約がなかった理由の記録として残すため、削除できません。";
                break;
            default:
                Problem = "その休みは見つかりません（すでに削除されたかもしれません）。一覧を確かめてください。";
                break;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public string? Error(string field) => Errors.GetValueOrDefault(field);

    public string? Invalid(string field) => Errors.ContainsKey(field) ? "true" : null;

    public string? DescribedBy(string field, string? hint = null) =>
        string.Join(' ', new[] { hint, Errors.ContainsKey(field) ? field + "-error" : null }.OfType<string>()) is { Length: > 0 } ids ? ids : null;

    public static string KindName(ClosedKind kind) => kind switch
    {
        ClosedKind.NationalHoliday => "国民の祝日・休日",
        ClosedKind.YearEnd => "年末年始",
        ClosedKind.CityClosedDay => "市の休業日",
        _ => "交付場所の休み",
    };

    public static string KindEnglish(ClosedKind kind) => kind switch
    {
        ClosedKind.NationalHoliday => "National holiday",
        ClosedKind.YearEnd => "Year-end",
        ClosedKind.CityClosedDay => "City closed day",
        _ => "Place closure",
    };

    public static string DayText(DateOnly date) =>
        $"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}（{"日月火水木金土"[(int)date.DayOfWeek]}）";

    public static string TimeText(TimeOnly? from, TimeOnly? until) =>
        from is { } f && until is { } u ? $"{f.ToString("H:mm", CultureInfo.InvariantCulture)}〜{u.ToString("H:mm", CultureInfo.InvariantCulture)}" : "終日";

    private static string Describe(ClosedDay closure, string? place) =>
        $"{DayText(closure.Date)} {place ?? "市全体"} {TimeText(closure.From, closure.Until)}「{closure.Reason}」";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Today = clock.Today();
        ShownYear = Today.Year;
        if (!string.IsNullOrWhiteSpace(Year))
        {
            if (int.TryParse(Year, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= JapaneseHolidays.FirstYear and <= JapaneseHolidays.LastYear)
            {
                ShownYear = year;
            }
            else
            {
                Problem ??= $"年「{Year}」は表示できません。{JapaneseHolidays.FirstYear}〜{JapaneseHolidays.LastYear}年から選んでください。今年の一覧を表示しています。";
            }
        }

        Places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        Listing = await CloseDay.ListAsync(db, ShownYear, cancellationToken);
    }
}
