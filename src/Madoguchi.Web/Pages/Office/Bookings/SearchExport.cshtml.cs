using Madoguchi.Audit;
using Madoguchi.Booking.Phone;
using Madoguchi.Data;
using Madoguchi.Exports;
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
public sealed class SearchExportModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string format, string? code, string? number, string? name, string? birth, string? phone, CancellationToken cancellationToken)
    {
        var search = new BookingSearch(code, number, name, birth, phone);
        var result = await new FindBookings(db, trail).ExportAsync(search, format, User.MayWorkAt, cancellationToken);
        if (search.IsEmpty)
        {
            return BadRequest("検索の条件がありません。電話での予約のページで予約を探してから、結果の下のリンクで保存してください。");
        }

        if (result.Errors.Count > 0)
        {
            return BadRequest(string.Join(" ", result.Errors.Values) + " 電話での予約のページで条件を直してから保存してください。");
        }

        var table = ListTables.Bookings(result.Bookings);
        var file = $"booking-search-{clock.Today():yyyyMMdd}";
        return format == "csv"
            ? File(await TableCsv.BytesAsync(table), TableCsv.ContentType, file + ".csv")
            : File(TableXlsx.Bytes(table), TableXlsx.ContentType, file + ".xlsx");
    }
}
