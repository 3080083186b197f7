using Madoguchi.Data;
using Madoguchi.Exports;
using Madoguchi.Web.Audit;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Staff;

/// <summary>
/// The staff accounts for Excel: CSV (UTF-8 with BOM) or .xlsx, the columns the page shows and nothing
/// of passwords or authenticators. Staff names: 管理者 only, after a fresh password, audited by account.
/// </summary>
[FreshPassword]
public sealed class ExportModel(MadoguchiDb db, TimeProvider clock, OfficeAudit audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string format, CancellationToken cancellationToken)
    {
        var accounts = await db.StaffAccounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(cancellationToken);
        await audit.RecordAsync($"export.staff.accounts.{format}", [.. accounts.Select(a => $"staff:{a.Id}")]);
        var table = ListTables.StaffAccounts(accounts);
        var file = $"staff-accounts-{clock.Today():yyyyMMdd}";
        return format == "csv"
            ? File(await TableCsv.BytesAsync(table), TableCsv.ContentType, file + ".csv")
            : File(TableXlsx.Bytes(table), TableXlsx.ContentType, file + ".xlsx");
    }
}
