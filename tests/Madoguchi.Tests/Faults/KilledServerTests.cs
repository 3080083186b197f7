using Xunit.Abstractions;

namespace Madoguchi.Tests.Faults;

/// <summary>
/// The web process is killed (SIGKILL: no shutdown, nothing flushed) in the middle of a booking
/// burst and started again on the same database. Every booking answered 201 must still be there;
/// a booking whose answer never arrived may exist only if its request was in flight at the kill,
/// and the citizen's retry with the same Idempotency-Key must then answer with that very booking
/// (see docs/decisions/0015-fault-tests.md). Seats must add up to the bookings and holds.
/// </summary>
[Trait("Category", "Faults")]
public abstract class KilledServerTests(DatabaseProvider provider, ITestOutputHelper output)
{
    // More citizens than the six slots have seats, so some are turned away while others book.
    private const int CitizenCount = 60;
    private const int SlotCount = 6;

    [SkippableFact]
    public async Task A_server_killed_mid_burst_keeps_every_answered_booking_and_no_other()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var citizens = await Citizens.ImportAsync(database.Settings, CitizenCount, 'K');
        await using var web = await WebProcess.StartAsync(database.Settings, "public", FaultSettings.Web);
        var (placeId, slots) = await Citizens.FreeSlotsAsync(web.Public, SlotCount);
        Assert.True(slots.Sum(s => s.Seats) < CitizenCount, "The burst must want more seats than there are.");

        // Killed a moment after a booking request goes out once a third of the seats are answered:
        // earlier requests are answered, later ones are in the server's hands (committed or not).
        var killAfter = Math.Max(2, slots.Sum(s => s.Seats) / 3);
        var booked = 0;
        var killNow = new TaskCompletionSource();
        var burst = Citizens.RunAsync(citizens, atOnce: 8, async c =>
        {
            await c.TryAsync(web.Public, web.Public, placeId, slots[c.Number % SlotCount].Start, beforeBooking: () =>
            {
                if (Volatile.Read(ref booked) >= killAfter)
                {
                    killNow.TrySetResult();
                }
            });
            // Also from the answers: were it only from the next request, the last holder could be that
            // request, and the burst would end before the kill.
            if (c.BookingStatus == HttpStatusCode.Created && Interlocked.Increment(ref booked) >= killAfter)
            {
                killNow.TrySetResult();
            }
        });
        await Task.WhenAny(killNow.Task, burst);

        // 5-80 ms: the request has reached the server, and some runs it has committed, some not.
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 80)));
        web.Kill();
        await burst;
        Assert.True(killNow.Task.IsCompleted, "The burst ended before the kill; it did not happen mid-burst.");
        Assert.Contains(citizens, c => c.HoldStatus is null || (c.HoldStatus == HttpStatusCode.Created && c.BookingStatus is null));

        var answeredBefore = citizens.Where(c => c.BookingStatus == HttpStatusCode.Created).ToDictionary(c => c.Card, c => c.BookingCode!);

        // Refused for sure: the hold or the booking was answered, and not with 201.
        var refused = citizens.Where(c => (c.BookingStatus is { } s && s != HttpStatusCode.Created) || (c.HoldStatus is { } h && h != HttpStatusCode.Created))
            .Select(c => c.Card).ToHashSet();
        var inFlight = citizens.Where(c => c.BookingInFlight).ToList();

        await web.RestartAsync();
        await using (var db = database.Open())
        {
            // Before any retry: every 201 is there, and every other booking belongs to a request in flight at the kill.
            var stored = await db.Bookings.AsNoTracking().Include(b => b.Cards).ToListAsync();
            var byCard = stored.ToDictionary(b => b.Cards.Single().ManagementNumber, b => b.Code);
            foreach (var (card, code) in answeredBefore)
            {
                Assert.True(byCard.TryGetValue(card, out var kept) && kept == code, $"Booking {code} was answered 201 but is gone after the kill.");
            }

            foreach (var (card, code) in byCard.Where(b => !answeredBefore.ContainsKey(b.Key)))
            {
                Assert.True(inFlight.Any(c => c.Card == card), $"Booking {code} exists though its request was answered otherwise or never sent.");
            }

            Assert.DoesNotContain(byCard.Keys, refused.Contains);
        }

        await Citizens.AssertSeatsAddUpAsync(database.Settings);

        // The retry of a request lost in the kill answers with the booking it made, or makes it now: never a second one.
        var committedUnanswered = new Dictionary<string, string>();
        await using (var db = database.Open())
        {
            foreach (var c in inFlight)
            {
                if (await db.BookedCards.AsNoTracking().Where(b => b.ManagementNumber == c.Card).Join(db.Bookings, b => b.BookingId, b => b.Id, (_, b) => b.Code).SingleOrDefaultAsync() is { } code)
                {
                    committedUnanswered[c.Card] = code;
                }
            }
        }

        output.WriteLine($"Seats: {slots.Sum(s => s.Seats)}; answered 201 before the kill: {answeredBefore.Count}; refused: {refused.Count}; in flight: {inFlight.Count}, of which committed: {committedUnanswered.Count}.");
        foreach (var c in inFlight)
        {
            await c.BookAsync(web.Public);
            Assert.Equal(HttpStatusCode.Created, c.BookingStatus);
            if (committedUnanswered.TryGetValue(c.Card, out var code))
            {
                Assert.Equal(code, c.BookingCode);
            }
        }

        await using (var db = database.Open())
        {
            var codes = await db.Bookings.AsNoTracking().Select(b => b.Code).ToListAsync();
            var answered = citizens.Where(c => c.BookingStatus == HttpStatusCode.Created).Select(c => c.BookingCode!).ToList();
            Assert.Equal(answered.Order(), codes.Order());
        }

        await Citizens.AssertSeatsAddUpAsync(database.Settings);
    }
}

public sealed class KilledServerOnSqlite(ITestOutputHelper output) : KilledServerTests(DatabaseProvider.Sqlite, output);

public sealed class KilledServerOnPostgres(ITestOutputHelper output) : KilledServerTests(DatabaseProvider.Postgres, output);

/// <summary>Settings every fault test's web process shares.</summary>
internal static class FaultSettings
{
    public static Dictionary<string, string> Web => new()
    {
        // Citizens come through a proxy on loopback that names their own addresses, so the per-address throttle applies to each.
        ["Madoguchi__TrustedProxies"] = "127.0.0.1",
        // A request lost with its process is taken over by a retry after two seconds, not the default thirty, to keep the test short.
        ["Madoguchi__Booking__UnfinishedAnswerSeconds"] = "2",
    };
}
