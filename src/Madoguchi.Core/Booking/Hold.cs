namespace Madoguchi.Booking;

/// <summary>Seats kept for a few minutes while the citizen types a phone number (仮押さえ).</summary>
public sealed class Hold
{
    public Guid Id { get; set; }

    public long SlotId { get; set; }

    public int Seats { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public List<HoldCard> Cards { get; set; } = [];
}
