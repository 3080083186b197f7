namespace Madoguchi.Ledger;

/// <summary>
/// A row of a file that did not become a ledger entry: rejected (bad value) or a conflict
/// (the number is held with different personal data). It names the line, the column and the
/// reason, never the row's personal data.
/// </summary>
public sealed class LedgerImportProblem
{
    public long Id { get; set; }

    public long ImportId { get; set; }

    public int Line { get; set; }

    public required string Column { get; set; }

    public ProblemKind Kind { get; set; }

    public required string Reason { get; set; }
}

public enum ProblemKind
{
    Rejected = 1,
    Conflict = 2,
}
