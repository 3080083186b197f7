namespace Madoguchi.Booking;

/// <summary>Wrong dates of birth typed for one card number; after five the number is locked for a while.</summary>
public sealed class CardAttempt
{
    public required string ManagementNumber { get; set; }

    public int Failures { get; set; }

    public DateTimeOffset LastFailureAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
