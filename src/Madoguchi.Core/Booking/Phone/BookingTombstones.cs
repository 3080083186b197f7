namespace Madoguchi.Booking.Phone;

/// <summary>
/// What a cancel leaves behind. Every way of cancelling (the citizen online, staff by phone, a
/// closure) writes the same anonymous row in the same transaction that deletes the booking.
/// </summary>
public static class BookingTombstones
{
    public const string ByCitizen = "citizen";
    public const string ByPhone = "phone";
    public const string ByClosure = "closure";

    public static BookingTombstone ForCancelled(PickupBooking b, string cancelledBy, DateTimeOffset now) => new()
    {
        PlaceId = b.PlaceId,
        Start = b.Start,
        People = b.People,
        BookedAt = b.CreatedAt,
        CancelledAt = now,
        CancelledBy = cancelledBy,
        Channel = b.Channel,
    };
}
