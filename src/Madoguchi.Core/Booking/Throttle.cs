namespace Madoguchi.Booking;

/// <summary>
/// Counts proof-checking requests per client address per minute in the database, so the limit
/// holds however many web processes share the load.
/// </summary>
public sealed class Throttle(MadoguchiDb db, TimeProvider clock, BookingSettings settings)
{
    public async Task<bool> AllowAsync(string client, CancellationToken cancellationToken = default)
    {
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        var counts = await db.WriteAsync(() => db.Database.SqlQueryRaw<int>(
            """
            INSERT INTO client_counts (client, minute, count) VALUES ({0}, {1}, 1)
            ON CONFLICT (client, minute) DO UPDATE SET count = client_counts.count + 1
            RETURNING count AS "Value"
            """,
            client,
            minute).ToListAsync(cancellationToken), cancellationToken);
        return counts[0] <= settings.RequestsPerMinute;
    }
}
