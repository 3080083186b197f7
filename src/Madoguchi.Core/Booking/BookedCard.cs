namespace Madoguchi.Booking;

public sealed class BookedCard
{
    public long Id { get; set; }

    public long BookingId { get; set; }

    public required string ManagementNumber { get; set; }

    /// <summary>One active booking per card: a unique index over the active rows.</summary>
    public bool Active { get; set; } = true;

    /// <summary>
    /// The slot of this member when the family was booked on consecutive times (ADR 0020); null when
    /// the member comes at the booking's time.
    /// </summary>
    public long? SlotId { get; set; }
}
