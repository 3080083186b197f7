using Madoguchi.Audit;
using Madoguchi.Calendar;
using Madoguchi.Calendar.Holidays;
using Madoguchi.Data;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Calendar;

/// <summary>
/// Uploads the Cabinet Office's syukujitsu.csv: first a check that stores nothing (the years it
/// covers, or its errors), then the import. The checked file (a few tens of kilobytes) travels back
/// in a hidden field, so nothing waits on the server between the two steps.
/// </summary>
[Madoguchi.Web.Staff.FreshPassword]
public sealed class HolidaysModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : PageModel
{
    public const int MaxFileBytes = 1024 * 1024;

    [TempData]
    public string? Notice { get; set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public HolidayImportResult? Checked { get; private set; }

    public string? CheckedContent { get; private set; }

    public string? FileName { get; private set; }

    public IReadOnlyList<HolidayYearSource> Sources { get; private set; } = [];

    public IReadOnlyDictionary<int, int> ImportedYears { get; private set; } = new Dictionary<int, int>();

    public SyukujitsuReadResult Shipped => ShippedHolidays.List;

    public int ThisYear { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            Errors = ["ファイルが選ばれていないか、空です。内閣府のページから取得した syukujitsu.csv を選んでください。"];
        }
        else if (file.Length > MaxFileBytes)
        {
            Errors = [$"ファイルが大きすぎます（{file.Length / 1024:N0} KB）。内閣府の syukujitsu.csv（20 KB ほど）を選んでください。"];
        }
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            var bytes = buffer.ToArray();
            using var read = new MemoryStream(bytes, writable: false);
            var result = await new ImportHolidays(db, trail).CheckAsync(read, cancellationToken);
            Errors = result.Errors;
            if (!result.Refused)
            {
                Checked = result;
                CheckedContent = Convert.ToBase64String(bytes);
                FileName = Path.GetFileName(file.FileName);
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(string? content, string? fileName, CancellationToken cancellationToken)
    {
        var bytes = Decode(content);
        if (bytes is null)
        {
            Errors = ["確認したファイルの内容が届きませんでした。もう一度ファイルを選んで「内容を確認する」から進めてください。"];
            await new ImportHolidays(db, trail).RefuseAsync(cancellationToken);
            await LoadAsync(cancellationToken);
            return Page();
        }

        using var stream = new MemoryStream(bytes, writable: false);
        var result = await new ImportHolidays(db, trail).RunAsync(stream, cancellationToken);
        if (result.Refused)
        {
            Errors = result.Errors;
            await LoadAsync(cancellationToken);
            return Page();
        }

        var name = string.IsNullOrWhiteSpace(fileName) ? "syukujitsu.csv" : Path.GetFileName(fileName);
        Notice = $"{name} を取り込みました: {string.Join("、", result.Years.Select(y => $"{y.Year}年 {y.Holidays}件"))}。"
            + $"それまでに取り込んでいたこれらの年の {result.Replaced} 件は置き換えました。"
            + (result.Years.Any(y => y.Partial) ? "元日のない年は、ファイルの行だけになっています。" : "");
        return Redirect("/office/calendar/holidays");
    }

    public static string SourceName(HolidaySource source) => source switch
    {
        HolidaySource.Imported => "取り込んだ内閣府の一覧",
        HolidaySource.Shipped => "アプリに同梱の一覧",
        _ => "祝日法の規則による計算",
    };

    public static string SourceEnglish(HolidaySource source) => source switch
    {
        HolidaySource.Imported => "Imported list",
        HolidaySource.Shipped => "Shipped list",
        _ => "Law's rules",
    };

    private static byte[]? Decode(string? content)
    {
        if (string.IsNullOrEmpty(content) || content.Length > MaxFileBytes * 2)
        {
            return null;
        }

        var bytes = new byte[content.Length * 3 / 4];
        return Convert.TryFromBase64String(content, bytes, out var written) ? bytes[..written] : null;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        ThisYear = clock.Today().Year;
        ImportedYears = await ImportHolidays.ImportedYearsAsync(db, cancellationToken);
        Sources = await ImportHolidays.SourcesAsync(db, ThisYear - 1, ThisYear + 3, cancellationToken);
    }
}
