using Madoguchi.Ledger;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Ledger;

public sealed class ImportReportModel(ReadLedger ledger) : PageModel
{
    private const int Shown = 500;

    public LedgerImport Import { get; private set; } = null!;

    public ImportSummaryView Summary { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await ledger.ImportReportAsync(id, Shown, cancellationToken) is not { } report)
        {
            return NotFound();
        }

        var import = report.Import;
        Import = import;
        Summary = new ImportSummaryView(
            import.FileName,
            import.Encoding,
            false,
            import.Rows,
            import.Imported,
            import.Unchanged,
            import.Rejected,
            import.Conflicts,
            import.IgnoredColumns.Length == 0 ? [] : import.IgnoredColumns.Split('\t'),
            report.Problems,
            report.ProblemCount);
        return Page();
    }
}
