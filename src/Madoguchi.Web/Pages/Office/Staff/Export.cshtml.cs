using Madoguchi.Exports;
using Madoguchi.Staff;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Staff;

/// <summary>
/// The staff accounts for Excel: CSV (UTF-8 with BOM) or .xlsx, the columns the page shows and nothing
/// of passwords or authenticators. Staff names: 管理者 only, after a fresh password, audited by account.
/// </summary>
[FreshPassword]
public sealed class ExportModel(StaffAccountList list, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string format, CancellationToken cancellationToken)
    {
        var bytes = await list.ExportAsync(format, cancellationToken);
        var file = $"staff-accounts-{clock.Today():yyyyMMdd}";
        return format == "csv"
            ? File(bytes, TableCsv.ContentType, file + ".csv")
            : File(bytes, TableXlsx.ContentType, file + ".xlsx");
    }
}
