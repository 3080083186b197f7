using Madoguchi.Ledger;

namespace Madoguchi.Web.Pages.Office.Ledger;

public sealed record ImportSummaryView(
    string FileName,
    string Encoding,
    bool DryRun,
    int Rows,
    int Imported,
    int Unchanged,
    int Rejected,
    int Conflicts,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<RowProblem> Problems,
    int ProblemCount)
{
    public static ImportSummaryView From(LedgerImportSummary s) =>
        new(s.File, s.Encoding, s.DryRun, s.Rows, s.Imported, s.Unchanged, s.Rejected, s.Conflicts, s.IgnoredColumns, s.FirstProblems, s.FirstProblems.Count);
}
