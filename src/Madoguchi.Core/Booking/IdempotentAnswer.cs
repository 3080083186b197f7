namespace Madoguchi.Booking;

/// <summary>The first answer to a request sent with an Idempotency-Key, returned again to its retries.</summary>
public sealed class IdempotentAnswer
{
    public required string Key { get; set; }

    /// <summary>SHA-256 of the request's method, path and body: a key reused for another request is refused.</summary>
    public string RequestHash { get; set; } = "";

    public int Status { get; set; }

    public string? Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
