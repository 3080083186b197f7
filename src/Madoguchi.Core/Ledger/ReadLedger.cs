using Madoguchi.Audit;

namespace Madoguchi.Ledger;

/// <summary>One import's rows that did not become entries: the first ones to show, and how many in all.</summary>
public sealed record ImportReport(LedgerImport Import, IReadOnlyList<RowProblem> Problems, int ProblemCount);

/// <summary>
/// One ledger entry, or one import's report, as staff open them: each look is written to the audit
/// log before anything is shown, so a look that cannot be recorded shows nothing.
/// </summary>
public sealed class ReadLedger(MadoguchiDb db, AuditTrail audit)
{
    public async Task<LedgerEntry?> EntryAsync(long id, CancellationToken cancellationToken = default)
    {
        var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is not null)
        {
            await audit.RecordAsync(db, "ledger.entry.view", [$"ledger:{entry.Id}"], cancellationToken: cancellationToken);
        }

        return entry;
    }

    public async Task<ImportReport?> ImportReportAsync(long id, int shown, CancellationToken cancellationToken = default)
    {
        var import = await db.LedgerImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (import is null)
        {
            return null;
        }

        var problems = await Problems(id).Take(shown)
            .Select(p => new RowProblem(p.Line, p.Column, p.Kind, p.Reason)).ToListAsync(cancellationToken);
        var count = await db.LedgerImportProblems.CountAsync(p => p.ImportId == id, cancellationToken);
        await audit.RecordAsync(db, "ledger.import.report.view", [$"import:{id}"], cancellationToken: cancellationToken);
        return new ImportReport(import, problems, count);
    }

    /// <summary>Every row of the report, streamed for a CSV; null when there is no such import.</summary>
    public async Task<IAsyncEnumerable<LedgerImportProblem>?> ExportImportReportAsync(long id, CancellationToken cancellationToken = default)
    {
        if (!await db.LedgerImports.AnyAsync(i => i.Id == id, cancellationToken))
        {
            return null;
        }

        await audit.RecordAsync(db, "export.ledger.importreport", [$"import:{id}"], cancellationToken: cancellationToken);
        return Problems(id).AsAsyncEnumerable();
    }

    private IQueryable<LedgerImportProblem> Problems(long id) =>
        db.LedgerImportProblems.AsNoTracking().Where(p => p.ImportId == id).OrderBy(p => p.Line).ThenBy(p => p.Id);
}
