using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Ledger;

namespace Madoguchi.Tests.Booking;

/// <summary>
/// Many citizens press "book" for the same slot at the same moment. Each attempt has its own
/// connection, as separate web processes would. The control run books with a naive
/// read-check-write and must overbook; only then does the real run's exact count prove anything.
/// </summary>
public abstract class ConcurrentBookingTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int Seats = 5;
    private const int Attempts = 40;
    private static readonly DateTimeOffset MondayNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private int _placeId;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(provider, [UedaPlaces.All[0] with { SeatsPerSlot = Seats }]);
        _placeId = await _database.PlaceIdAsync(UedaPlaces.All[0].Code);
        await _database.ImportLedgerAsync(_clock, TestLedger.Numbered(Attempts, i => $"A{i:D2}-{i:D6}"));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task Control_a_naive_read_then_write_overbooks_under_the_same_load()
    {
        var booked = await FireAsync(async (db, i) =>
        {
            var taken = await db.BookedCards.CountAsync(c => c.Active);
            await Task.Delay(20);
            if (taken >= Seats)
            {
                return false;
            }

            db.Bookings.Add(new PickupBooking
            {
                Code = $"NAIVE{i:D3}",
                PlaceId = _placeId,
                SlotId = await SlotIdAsync(db),
                Start = MondayNine,
                End = MondayNine.AddMinutes(15),
                People = 1,
                Phone = "090-1234-5678",
                Channel = "test",
                CreatedAt = _clock.GetUtcNow(),
                Cards = [new BookedCard { ManagementNumber = Number(i) }],
            });
            await db.SaveChangesAsync();
            return true;
        });

        // If this ever stops overbooking, the real test below no longer proves the race is handled.
        Assert.True(booked > Seats, $"The naive way booked {booked} of {Seats} seats; the load does not race.");
    }

    [SkippableFact]
    public async Task Exactly_the_seats_are_taken_however_many_book_at_once()
    {
        var settings = new BookingSettings();
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        var booked = await FireAsync(async (db, i) =>
        {
            var outcome = await new ConfirmBooking(db, _clock, settings, new Madoguchi.Notices.NoticeSettings()).RunAsync(
                new ConfirmRequest(null, _placeId, MondayNine, [new CardProof(Number(i), "1980-01-01")], "090-1234-5678", null, "test"));
            if (outcome.Problem is { } problem)
            {
                problems.Add(problem.Code);
            }

            return outcome.Ok;
        });

        Assert.Equal(Seats, booked);
        Assert.All(problems, p => Assert.Equal("slot-full", p));
        await using var check = _database.Open();
        var slot = await check.Slots.SingleAsync();
        Assert.Equal((Seats, Seats), (slot.Taken, slot.Capacity));
        Assert.Equal(Seats, await check.BookedCards.CountAsync(c => c.Active));
        Assert.Equal(Seats, await check.Bookings.SumAsync(b => b.People));
    }

    [SkippableFact]
    public async Task One_card_booked_from_many_requests_at_once_gets_one_booking()
    {
        var settings = new BookingSettings();
        var booked = await FireAsync(async (db, i) =>
            (await new ConfirmBooking(db, _clock, settings, new Madoguchi.Notices.NoticeSettings()).RunAsync(
                new ConfirmRequest(null, _placeId, MondayNine.AddMinutes(15 * (i % 3)), [new CardProof(Number(0), "1980-01-01")], "090-1234-5678", null, "test"))).Ok);

        Assert.Equal(1, booked);
        await using var check = _database.Open();
        Assert.Equal(1, await check.BookedCards.CountAsync());
        Assert.Equal(1, await check.Slots.SumAsync(s => s.Taken));
    }

    [SkippableFact]
    public async Task A_double_tapped_time_holds_one_seat_and_never_fails_with_an_error()
    {
        var settings = new BookingSettings();
        await FireAsync(async (db, i) =>
            (await new HoldSeats(db, _clock, settings).RunAsync(
                new HoldRequest(_placeId, MondayNine.AddMinutes(15 * (i % 2)), [new CardProof(Number(0), "1980-01-01")]))).Ok);

        // Whatever order they ran in, the card holds at most one seat, and every seat taken belongs to a hold.
        await using var check = _database.Open();
        Assert.Equal(1, await check.Holds.CountAsync());
        Assert.Equal(1, await check.Slots.SumAsync(s => s.Taken));
    }

    private async Task<int> FireAsync(Func<MadoguchiDb, int, Task<bool>> attempt)
    {
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, Attempts).Select(i => Task.Run(async () =>
        {
            await using var db = _database.Open();
            await db.Database.OpenConnectionAsync();
            await start.WaitAsync();
            return await attempt(db, i);
        })).ToList();
        await Task.Delay(200);
        start.Release(Attempts);
        return (await Task.WhenAll(tasks)).Count(ok => ok);
    }

    private async Task<long> SlotIdAsync(MadoguchiDb db)
    {
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO slots (place_id, start, \"end\", capacity, taken) VALUES ({0}, {1}, {2}, {3}, 0) ON CONFLICT (place_id, start) DO NOTHING",
            _placeId, db.Instant(MondayNine), db.Instant(MondayNine.AddMinutes(15)), Seats);
        return await db.Slots.Where(s => s.PlaceId == _placeId && s.Start == MondayNine).Select(s => s.Id).SingleAsync();
    }

    private static string Number(int i) => $"A{i:D2}-{i:D6}";
}

public sealed class ConcurrentBookingOnSqlite() : ConcurrentBookingTests(DatabaseProvider.Sqlite);

public sealed class ConcurrentBookingOnPostgres() : ConcurrentBookingTests(DatabaseProvider.Postgres);
