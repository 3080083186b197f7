using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Exports;
using Madoguchi.Ledger.Unclaimed;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Unclaimed;

/// <summary>One list of waiting cards for Excel: CSV (UTF-8 with BOM) written as it is read, or .xlsx. Personal data: the password is asked again.</summary>
[FreshPassword]
public sealed class ExportModel(MadoguchiDb db, TimeProvider clock, IConfiguration configuration, AuditTrail trail) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string format, string? list, string? reminderMonths, string? destroyMonths, CancellationToken cancellationToken)
    {
        UnclaimedList? which = list switch
        {
            "reminder" => UnclaimedList.Reminder,
            "destroy" => UnclaimedList.Destroy,
            _ => null,
        };
        var unclaimed = new UnclaimedCards(db, clock, trail);
        var errors = new Dictionary<string, string>();
        var ages = IndexModel.ReadAges(reminderMonths, destroyMonths, configuration, errors);
        if (which is null || errors.Count > 0)
        {
            await unclaimed.RefuseExportAsync(cancellationToken);
            return BadRequest(which is null
                ? "list には reminder（再通知）か destroy（廃棄）を指定してください。未受取のカードのページのリンクから保存してください。"
                : string.Join(" ", errors.Values));
        }

        if (format == "xlsx")
        {
            var cards = await unclaimed.ExportAsync(which.Value, ages, cancellationToken);
            var table = ExportTable.Of(list == "reminder" ? "再通知" : "廃棄", UnclaimedCsv.Headers, cards, UnclaimedCsv.Row);
            return File(TableXlsx.Bytes(table), TableXlsx.ContentType, $"unclaimed-{list}-{clock.Today():yyyyMMdd}.xlsx");
        }

        Response.ContentType = TableCsv.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"unclaimed-{list}-{clock.Today():yyyyMMdd}.csv\"";
        await using var writer = new StreamWriter(Response.Body, TableCsv.Encoding, 1 << 16);
        await unclaimed.WriteCsvAsync(which.Value, ages, writer, cancellationToken);
        return new EmptyResult();
    }
}
