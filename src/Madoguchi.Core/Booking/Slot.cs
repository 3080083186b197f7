namespace Madoguchi.Booking;

/// <summary>Seats of one place at one time (予約枠). A seat is taken only by a conditional update of <see cref="Taken"/>.</summary>
public sealed class Slot
{
    public long Id { get; set; }

    public int PlaceId { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public int Capacity { get; set; }

    /// <summary>Seats held (仮押さえ) or booked.</summary>
    public int Taken { get; set; }
}
