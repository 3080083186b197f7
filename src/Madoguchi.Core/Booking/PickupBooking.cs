namespace Madoguchi.Booking;

/// <summary>A booked pick-up time (予約) for one to five cards of one family.</summary>
public sealed class PickupBooking
{
    public long Id { get; set; }

    public required string Code { get; set; }

    public long SlotId { get; set; }

    public int PlaceId { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public int People { get; set; }

    public required string Phone { get; set; }

    public string? Email { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The hold it was made from, so a second confirm of the same hold finds this booking.</summary>
    public Guid? HoldId { get; set; }

    public required string Channel { get; set; }

    public BookingStatus Status { get; set; } = BookingStatus.Booked;

    /// <summary>When the citizen arrived at the counter (来庁).</summary>
    public DateTimeOffset? CheckedInAt { get; set; }

    /// <summary>The counter (窓口) number that served the booking, from 1.</summary>
    public int? Counter { get; set; }

    public List<BookedCard> Cards { get; set; } = [];
}

public enum BookingStatus
{
    Booked = 1,
    CheckedIn = 2,
    Issued = 3,
    NoShow = 4,
}
