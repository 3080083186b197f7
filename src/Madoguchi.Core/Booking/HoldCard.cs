namespace Madoguchi.Booking;

public sealed class HoldCard
{
    public long Id { get; set; }

    public Guid HoldId { get; set; }

    public required string ManagementNumber { get; set; }

    /// <summary>
    /// The slot this member sits in when the family is held on consecutive times (ADR 0020); null
    /// when the whole family sits in the hold's slot.
    /// </summary>
    public long? SlotId { get; set; }
}
