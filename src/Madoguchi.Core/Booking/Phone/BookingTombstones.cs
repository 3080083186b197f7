namespace Madoguchi.Booking.Phone;

/// <summary>
/// What a cancel leaves behind. Every way of cancelling (the citizen online, staff by phone, a
/// closure, a destroyed card) writes the same anonymous row in the same transaction that deletes the booking.
/// </summary>
public static class BookingTombstones
{
    public const string ByCitizen = "citizen";
    public const string ByPhone = "phone";
    public const string ByClosure = "closure";

    /// <summary>The card was destroyed or withdrawn (廃棄・取消) while its booking waited.</summary>
    public const string ByDestroyedCard = "destroyed";

    /// <param name="people">The seats given up, when only some of the booking's people leave it.</param>
    public static BookingTombstone ForCancelled(PickupBooking b, string cancelledBy, DateTimeOffset now, int? people = null) => new()
    {
        PlaceId = b.PlaceId,
        Start = b.Start,
        People = people ?? b.People,
        BookedAt = b.CreatedAt,
        CancelledAt = now,
        CancelledBy = cancelledBy,
        Channel = b.Channel,
    };
}
