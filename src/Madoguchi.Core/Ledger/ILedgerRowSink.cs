namespace Madoguchi.Ledger;

internal readonly record struct MergeResult(int Imported, int Conflicts, IReadOnlyList<RowProblem> ConflictsForDisplay);

/// <summary>Where valid rows go during an import; each engine has its fastest way in.</summary>
internal interface ILedgerRowSink : IAsyncDisposable
{
    ValueTask AddAsync(LedgerRow row, CancellationToken cancellationToken);

    ValueTask AddProblemsAsync(IReadOnlyList<RowProblem> problems, CancellationToken cancellationToken);

    Task<MergeResult> FinishAsync(CancellationToken cancellationToken);
}
