using Madoguchi.Booking;
using Madoguchi.Booking.Phone;
using Madoguchi.Calendar;
using Madoguchi.Notices;
using Madoguchi.Tests.Faults;

namespace Madoguchi.Tests.ScaleOut;

/// <summary>
/// Two transactions that lock the same rows in opposite orders deadlock on PostgreSQL, and one of
/// them is refused. Each test here holds a third transaction's lock so that the two meet at exactly
/// the crossing point, instead of hoping a burst makes them cross (ADR 0015).
/// </summary>
[Trait("Category", "Faults")]
public sealed class LockOrderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset MondayNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset MondayQuarterPast = MondayNine.AddMinutes(15);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private readonly BookingSettings _settings = new();
    private TestDatabase _database = null!;
    private int _placeId;

    public async Task InitializeAsync()
    {
        // Two seats a slot: two one-person holds fill one, and two bookings swapping times always fit.
        _database = await TestDatabase.WithPlacesAsync(DatabaseProvider.Postgres, [UedaPlaces.All[0] with { SeatsPerSlot = 2 }]);
        _placeId = await _database.PlaceIdAsync(UedaPlaces.All[0].Code);
        await _database.ImportLedgerAsync(_clock, TestLedger.Numbered(5, Card, Citizens.BirthDate));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>
    /// The holds of cards 0 and 4 fill 9:00 and have run out. The sweeper has locked card 0's and is
    /// about to give its seat back; meanwhile card 1 moves its hold from 9:15 to 9:00, which locks
    /// both slots and then, finding 9:00 full, wants the expired holds. Waiting for card 0's would deadlock
    /// with the sweeper's update of the slot; skipping it frees card 4's seat and loses none.
    /// </summary>
    [SkippableFact]
    public async Task A_full_slot_giving_back_expired_holds_never_deadlocks_with_the_sweeper()
    {
        var expired = await HoldAsync(0, MondayNine);
        Assert.True(expired.Ok, expired.Problem?.Code);
        Assert.True((await HoldAsync(4, MondayNine)).Ok);
        _clock.Advance(TimeSpan.FromMinutes(_settings.HoldMinutes + 1));
        Assert.True((await HoldAsync(1, MondayQuarterPast)).Ok);

        await using var sweeper = _database.Open();
        await using (var transaction = await sweeper.Database.BeginTransactionAsync())
        {
            Assert.NotNull(await sweeper.LockedHoldAsync(expired.Value!.HoldId, CancellationToken.None));
            var move = Task.Run(() => HoldAsync(1, MondayNine));
            await WaitUntilBlockedOrDoneAsync(1, move);

            // The sweeper goes on as Seats.ReleaseHoldAsync does: cards, hold, then the slot's seat.
            Assert.True(await new Seats(sweeper, _clock, _settings).ReleaseHoldAsync(expired.Value.HoldId, CancellationToken.None));
            var moved = await move;
            await transaction.CommitAsync();

            Assert.True(moved.Ok || moved.Problem?.Code == "slot-full", moved.Problem?.Code);
        }

        await using var check = _database.Open();
        Assert.Equal(await check.Holds.SumAsync(h => h.Seats), await check.Slots.SumAsync(s => s.Taken));
    }

    /// <summary>
    /// A clerk moves booking 2 from 9:00 to 9:15 while another moves booking 3 from 9:15 to 9:00.
    /// A third transaction holds both booking rows, so each move has taken its new seat and waits;
    /// when it lets go, each gives back its old seat, the one the other has just locked.
    /// </summary>
    [SkippableFact]
    public async Task Crosswise_phone_moves_never_deadlock()
    {
        var first = await BookAsync(2, MondayNine);
        var second = await BookAsync(3, MondayQuarterPast);

        await using var blocker = _database.Open();
        Task<Outcome<MovedBooking>>[] moves;
        await using (var transaction = await blocker.Database.BeginTransactionAsync())
        {
            await blocker.Database.ExecuteSqlRawAsync("SELECT id FROM bookings WHERE id = ANY({0}) FOR UPDATE", [new[] { first, second }]);
            moves = [Task.Run(() => MoveAsync(first, MondayQuarterPast)), Task.Run(() => MoveAsync(second, MondayNine))];
            await WaitUntilBlockedOrDoneAsync(2, moves);
            await transaction.CommitAsync();
        }

        var outcomes = await Task.WhenAll(moves);
        Assert.All(outcomes, o => Assert.True(o.Ok, o.Problem?.Code));
        await using var check = _database.Open();
        Assert.Equal([1, 1], await check.Slots.OrderBy(s => s.Start).Select(s => s.Taken).ToListAsync());
        Assert.Equal(MondayQuarterPast, (await check.Bookings.SingleAsync(b => b.Id == first)).Start);
        Assert.Equal(MondayNine, (await check.Bookings.SingleAsync(b => b.Id == second)).Start);
    }

    /// <summary>
    /// A clerk moves booking 2 from 9:00 to 9:15 while another clerk cancels it. A third transaction
    /// holds the 9:15 slot, so the move has locked 9:00 and waits; the cancel deletes the booking and
    /// wants 9:00's seat back. Were the move to lock 9:00 before the booking, each would wait for the
    /// other once the 9:15 slot is let go.
    /// </summary>
    [SkippableFact]
    public async Task A_move_and_a_cancel_of_the_same_booking_never_deadlock()
    {
        var booking = await BookAsync(2, MondayNine);
        await BookAsync(3, MondayQuarterPast);
        var quarterPast = await LookUpSlotAsync(MondayQuarterPast);

        await using var blocker = _database.Open();
        Task<Outcome<MovedBooking>> move;
        Task<Outcome<CancelledBooking>> cancel;
        await using (var transaction = await blocker.Database.BeginTransactionAsync())
        {
            await blocker.Database.ExecuteSqlRawAsync("SELECT id FROM slots WHERE id = {0} FOR UPDATE", [quarterPast]);
            move = Task.Run(() => MoveAsync(booking, MondayQuarterPast));
            await WaitUntilBlockedOrDoneAsync(1, move);
            cancel = Task.Run(async () =>
            {
                await using var db = _database.Open();
                return await new CancelByPhone(db, _clock, new NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(booking, "都合が悪くなった", 1, _ => true);
            });
            await WaitUntilBlockedOrDoneAsync(2, move, cancel);
            await transaction.CommitAsync();
        }

        // Neither is refused by the database; whichever came second finds the booking changed.
        var (moved, cancelled) = (await move, await cancel);
        Assert.True(moved.Ok, moved.Problem?.Code);
        Assert.Equal("booking-changed", cancelled.Problem?.Code);
        await using var check = _database.Open();
        Assert.Equal(await check.Bookings.SumAsync(b => b.People), await check.Slots.SumAsync(s => s.Taken));
    }

    private async Task<long> LookUpSlotAsync(DateTimeOffset start)
    {
        await using var db = _database.Open();
        return await db.Slots.Where(s => s.Start == start).Select(s => s.Id).SingleAsync();
    }

    private static string Card(int i) => FormattableString.Invariant($"L{i:D2}-{i:D6}");

    /// <summary>Waits until that many other sessions wait for a lock, or the work finished without waiting.</summary>
    private async Task WaitUntilBlockedOrDoneAsync(int sessions, params Task[] work)
    {
        await using var db = _database.Open();
        for (var i = 0; i < 200 && !work.All(w => w.IsCompleted); i++)
        {
            var waiting = await db.Database.SqlQueryRaw<int>(
                "SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").SingleAsync();
            if (waiting >= sessions)
            {
                return;
            }

            await Task.Delay(50);
        }
    }

    private async Task<Outcome<HeldSeats>> HoldAsync(int card, DateTimeOffset at)
    {
        await using var db = _database.Open();
        return await new HoldSeats(db, _clock, _settings).RunAsync(new HoldRequest(_placeId, at, [new CardProof(Card(card), Citizens.BirthDate)]));
    }

    private async Task<long> BookAsync(int card, DateTimeOffset at)
    {
        await using var db = _database.Open();
        var made = await new ConfirmBooking(db, _clock, _settings, new NoticeSettings()).RunAsync(
            new ConfirmRequest(null, _placeId, at, [new CardProof(Card(card), Citizens.BirthDate)], "0268-22-4100", null, "web"));
        Assert.True(made.Ok, made.Problem?.Detail);
        return await db.Bookings.Where(b => b.Code == made.Value!.Code).Select(b => b.Id).SingleAsync();
    }

    private async Task<Outcome<MovedBooking>> MoveAsync(long booking, DateTimeOffset to)
    {
        await using var db = _database.Open();
        return await new ChangeBookingTime(db, _clock, _settings, new NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(booking, _placeId, to, _ => true);
    }
}
