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
