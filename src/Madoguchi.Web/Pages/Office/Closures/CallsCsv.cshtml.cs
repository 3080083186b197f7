using System.Text;

using Madoguchi.Counter.Closures;
using Madoguchi.Data;
using Madoguchi.Web.Audit;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Closures;

/// <summary>The call list as CSV for Excel (UTF-8 with BOM). An export of phone numbers: the password is asked again.</summary>
[FreshPassword]
public sealed class CallsCsvModel(MadoguchiDb db, TimeProvider clock, OfficeAudit audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int closedDayId, CancellationToken cancellationToken)
    {
        var places = await ClosureView.PlacesOfAsync(db, User, cancellationToken);
        var list = await new ClosureCallList(db, clock).OpenAsync(closedDayId, places, cancellationToken);
        if (list is null)
        {
            return NotFound();
        }

        await audit.RecordAsync("export.closure.calls", CallsModel.Records(list));
        await using var text = new StringWriter();
        await CallListCsv.WriteAsync(list, text);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"closure-{list.Closure.Date:yyyyMMdd}-{closedDayId}-calls.csv");
    }
}
