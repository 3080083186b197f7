using Madoguchi.Audit;
using Madoguchi.Exports;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Audit;

/// <summary>The audit search for Excel, every entry it finds: CSV (UTF-8 with BOM) written as it is read, or .xlsx.</summary>
[FreshPassword]
public sealed class ExportModel(SearchAuditLog search, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string format, string? login, string? action, string? record, string? from, string? to, CancellationToken cancellationToken)
    {
        var filter = SearchAuditLog.Read(new AuditQuery(login, action, record, from, to));
        if (!filter.Valid)
        {
            return BadRequest(string.Join(" ", filter.Errors.Values) + " 監査ログの検索のページで条件を直してから保存してください。");
        }

        if (format == "xlsx")
        {
            return await search.XlsxAsync(filter, cancellationToken) is { } workbook
                ? File(workbook, TableXlsx.ContentType, $"audit-{clock.Today():yyyyMMdd}.xlsx")
                : BadRequest($"見つかった記録が {TableXlsx.MostRows:N0} 件を超えるため、Excel では保存できません。期間を短くするか、CSV で保存してください。");
        }

        Response.ContentType = TableCsv.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{clock.Today():yyyyMMdd}.csv\"";
        await using var writer = new StreamWriter(Response.Body, TableCsv.Encoding, 1 << 16);
        await search.WriteCsvAsync(filter, writer, cancellationToken);
        return new EmptyResult();
    }
}
