using System.Text;

using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Web.Audit;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Audit;

/// <summary>The audit search as CSV for Excel (UTF-8 with BOM), every entry it finds, written as it is read.</summary>
[FreshPassword]
public sealed class ExportModel(MadoguchiDb db, TimeProvider clock, OfficeAudit audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? login, string? action, string? record, string? from, string? to, CancellationToken cancellationToken)
    {
        var filter = SearchAuditLog.Read(new AuditQuery(login, action, record, from, to));
        if (!filter.Valid)
        {
            return BadRequest(string.Join(" ", filter.Errors.Values) + " 監査ログの検索のページで条件を直してから保存してください。");
        }

        await audit.RecordAsync("export.audit.entries");
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{clock.Today():yyyyMMdd}.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(true), 1 << 16);
        await new SearchAuditLog(db).WriteCsvAsync(filter, writer, cancellationToken);
        return new EmptyResult();
    }
}
