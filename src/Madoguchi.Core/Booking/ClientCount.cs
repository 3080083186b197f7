namespace Madoguchi.Booking;

/// <summary>Requests from one client address in one minute, shared by every web process.</summary>
public sealed class ClientCount
{
    public required string Client { get; set; }

    public long Minute { get; set; }

    public int Count { get; set; }
}
