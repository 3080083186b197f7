using Madoguchi.Data;
using Madoguchi.Ledger;
using Madoguchi.Web.Audit;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Ledger;

public sealed class ImportReportModel(MadoguchiDb db, OfficeAudit audit) : PageModel
{
    private const int Shown = 500;

    public LedgerImport Import { get; private set; } = null!;

    public ImportSummaryView Summary { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var import = await db.LedgerImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id);
        if (import is null)
        {
            return NotFound();
        }

        var problems = await db.LedgerImportProblems.AsNoTracking()
            .Where(p => p.ImportId == id).OrderBy(p => p.Line).ThenBy(p => p.Id).Take(Shown)
            .Select(p => new RowProblem(p.Line, p.Column, p.Kind, p.Reason)).ToListAsync();
        var count = await db.LedgerImportProblems.CountAsync(p => p.ImportId == id);
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
            problems,
            count);
        await audit.RecordAsync("ledger.import.report.view", [$"import:{id}"]);
        return Page();
    }
}
