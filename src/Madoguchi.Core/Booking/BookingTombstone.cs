namespace Madoguchi.Booking;

/// <summary>
/// What is left of a cancelled booking: no code, phone, e-mail or card, only what statistics need.
/// </summary>
public sealed class BookingTombstone
{
    public long Id { get; set; }

    public int PlaceId { get; set; }

    public DateTimeOffset Start { get; set; }

    public int People { get; set; }

    public DateTimeOffset BookedAt { get; set; }

    public DateTimeOffset CancelledAt { get; set; }

    /// <summary>citizen (online), phone (by staff), closure (the place closed).</summary>
    public required string CancelledBy { get; set; }

    public required string Channel { get; set; }
}
