namespace Madoguchi.Booking;

/// <summary>One card handed over at a counter (交付): who, when, where; corrected with a reason, never deleted.</summary>
public sealed class CardIssue
{
    public long Id { get; set; }

    public required string ManagementNumber { get; set; }

    public long? BookingId { get; set; }

    public int PlaceId { get; set; }

    public int Counter { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public int IssuedBy { get; set; }

    public DateTimeOffset? CorrectedAt { get; set; }

    public int? CorrectedBy { get; set; }

    public string? CorrectionReason { get; set; }
}
