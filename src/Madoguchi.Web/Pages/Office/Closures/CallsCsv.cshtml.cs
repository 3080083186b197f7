using Madoguchi.Audit;
using Madoguchi.Counter.Closures;
using Madoguchi.Data;
using Madoguchi.Exports;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Closures;

/// <summary>The call list for Excel: CSV (UTF-8 with BOM) or .xlsx. An export of phone numbers: the password is asked again.</summary>
[FreshPassword]
public sealed class CallsCsvModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int closedDayId, string format, CancellationToken cancellationToken)
    {
        var places = await ClosureView.PlacesOfAsync(db, User, cancellationToken);
        var list = await new ClosureCallList(db, clock, trail).OpenAsync(closedDayId, places, format == "csv" ? CallListUse.Csv : CallListUse.Xlsx, cancellationToken);
        if (list is null)
        {
            return NotFound();
        }

        var table = CallListCsv.Table(list);
        var name = $"closure-{list.Closure.Date:yyyyMMdd}-{closedDayId}-calls";
        return format == "csv"
            ? File(await TableCsv.BytesAsync(table), TableCsv.ContentType, name + ".csv")
            : File(TableXlsx.Bytes(table), TableXlsx.ContentType, name + ".xlsx");
    }
}
