namespace Madoguchi.Ledger;

/// <summary>One file of national data, imported whole or not at all, and its report.</summary>
public sealed class LedgerImport
{
    public long Id { get; set; }

    public required string FileName { get; set; }

    public required string FileSha256 { get; set; }

    public required string Encoding { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    public required string ImportedBy { get; set; }

    public int Rows { get; set; }

    public int Imported { get; set; }

    public int Unchanged { get; set; }

    public int Rejected { get; set; }

    public int Conflicts { get; set; }

    /// <summary>Names of the columns that were not stored, separated by tabs.</summary>
    public string IgnoredColumns { get; set; } = "";

    public List<LedgerImportProblem> Problems { get; set; } = [];
}

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
