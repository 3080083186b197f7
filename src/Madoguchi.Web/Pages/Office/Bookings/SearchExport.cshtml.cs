using Madoguchi.Audit;
using Madoguchi.Booking.Phone;
using Madoguchi.Data;
using Madoguchi.Exports;
using Madoguchi.Web.Audit;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Bookings;

/// <summary>
/// The phone booking search's results for Excel: CSV (UTF-8 with BOM) or .xlsx, the same bookings the
/// page shows (at most <see cref="FindBookings.Limit"/>, the caller's places only). Phone numbers,
/// e-mail addresses and names: the password is asked again, and the bookings and ledger entries saved
/// are written to the audit log.
/// </summary>
[FreshPassword]
public sealed class SearchExportModel(MadoguchiDb db, TimeProvider clock, OfficeAudit audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string format, string? code, string? number, string? name, string? birth, string? phone, CancellationToken cancellationToken)
    {
        var action = $"export.booking.search.{format}";
        if (new[] { code, number, name, birth, phone }.All(string.IsNullOrWhiteSpace))
        {
            await audit.RecordAsync(action, outcome: AuditOutcome.Refused);
            return BadRequest("検索の条件がありません。電話での予約のページで予約を探してから、結果の下のリンクで保存してください。");
        }

        var result = await new FindBookings(db).RunAsync(new BookingSearch(code, number, name, birth, phone), User.MayWorkAt, cancellationToken);
        if (result.Errors.Count > 0)
        {
            await audit.RecordAsync(action, outcome: AuditOutcome.Refused);
            return BadRequest(string.Join(" ", result.Errors.Values) + " 電話での予約のページで条件を直してから保存してください。");
        }

        await audit.RecordAsync(action, BookingModel.Records(result.Bookings));
        var table = ListTables.Bookings(result.Bookings);
        var file = $"booking-search-{clock.Today():yyyyMMdd}";
        return format == "csv"
            ? File(await TableCsv.BytesAsync(table), TableCsv.ContentType, file + ".csv")
            : File(TableXlsx.Bytes(table), TableXlsx.ContentType, file + ".xlsx");
    }
}
