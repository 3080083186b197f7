using Madoguchi.Exports;
using Madoguchi.Ledger;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Ledger;

/// <summary>
/// The ledger search's results for Excel: CSV (UTF-8 with BOM) or .xlsx, the same entries the page
/// shows (at most <see cref="SearchLedger.Limit"/>). Names, addresses and dates of birth: the password
/// is asked again, and the entries saved are written to the audit log, never what was typed.
/// </summary>
[FreshPassword]
public sealed class SearchExportModel(SearchLedger search, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string format, string? number, string? name, string? birth, CancellationToken cancellationToken)
    {
        var query = new LedgerQuery(number, name, birth);
        var result = await search.ExportAsync(query, format, cancellationToken);
        if (query.IsEmpty)
        {
            return BadRequest("検索の条件がありません。交付管理簿の検索で探してから、結果の下のリンクで保存してください。");
        }

        if (result.Errors.Count > 0)
        {
            return BadRequest(string.Join(" ", result.Errors.Values) + " 交付管理簿の検索で条件を直してから保存してください。");
        }

        var table = ListTables.LedgerSearch(result.Entries);
        var file = $"ledger-search-{clock.Today():yyyyMMdd}";
        return format == "csv"
            ? File(await TableCsv.BytesAsync(table), TableCsv.ContentType, file + ".csv")
            : File(TableXlsx.Bytes(table), TableXlsx.ContentType, file + ".xlsx");
    }
}
