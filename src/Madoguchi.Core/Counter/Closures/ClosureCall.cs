namespace Madoguchi.Booking;

/// <summary>A call made because a place closed (R4): one row per affected booking, worked through by staff.</summary>
public sealed class ClosureCall
{
    public long Id { get; set; }

    public int ClosedDayId { get; set; }

    public long BookingId { get; set; }

    public CallStatus Status { get; set; }

    public string? Note { get; set; }

    public int? StaffId { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }
}

public enum CallStatus
{
    NotCalled = 0,
    Called = 1,
    Reached = 2,
    Moved = 3,
    Cancelled = 4,
}
