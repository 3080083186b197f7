using System.Globalization;

using Madoguchi.Audit;
using Madoguchi.Counter;
using Madoguchi.Data;
using Madoguchi.Exports;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Counter;

/// <summary>
/// The day's list of one place saved for Excel (CSV with BOM or .xlsx). Names and addresses leave
/// the system: 係長 and 職員 only (not パート), the password is asked again, and the audit log names
/// every booking, issue and ledger entry written out.
/// </summary>
[FreshPassword]
public sealed class DayExportModel(MadoguchiDb db, AuditTrail trail) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string format, string? place, string? date, string? counter, CancellationToken cancellationToken)
    {
        var list = new DayList(db, trail);
        var places = await CounterReads.PlacesAsync(db, User.MayWorkAt, cancellationToken);
        int? only = null;
        if (!string.IsNullOrWhiteSpace(counter))
        {
            if (!int.TryParse(counter, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                await list.RefuseExportAsync(format, cancellationToken);
                return BadRequest("窓口は番号で指定してください。当日の窓口のページのリンクから保存してください。");
            }

            only = n;
        }

        if (string.IsNullOrWhiteSpace(place) || !DateOnly.TryParseExact(date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            await list.RefuseExportAsync(format, cancellationToken);
            return BadRequest("交付場所（place）と日付（date、2027-03-01 の形）を指定してください。当日の窓口のページのリンクから保存してください。");
        }

        var sheet = await list.ExportAsync(format, place.Trim(), day, only, places.Select(p => p.Code).ToList(), cancellationToken);
        if (sheet.Problem is { } problem)
        {
            return StatusCode(problem.Status, problem.Detail);
        }

        var s = sheet.Value!;
        var table = DaySheetTable.Of(s);
        var name = $"counter-{s.Place.Code}-{s.Day:yyyyMMdd}{(s.Counter is { } c ? $"-{c}" : "")}";
        return format == "csv"
            ? File(await TableCsv.BytesAsync(table), TableCsv.ContentType, name + ".csv")
            : File(TableXlsx.Bytes(table), TableXlsx.ContentType, name + ".xlsx");
    }
}
