namespace Madoguchi.Ledger;

/// <summary>A change of a ledger entry's status made by staff (destroyed, withdrawn, issue corrected), with its reason.</summary>
public sealed class LedgerStatusChange
{
    public long Id { get; set; }

    public long EntryId { get; set; }

    public CardStatus From { get; set; }

    public CardStatus To { get; set; }

    public required string Reason { get; set; }

    public int StaffId { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}
