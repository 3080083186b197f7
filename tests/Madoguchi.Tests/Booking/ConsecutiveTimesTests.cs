using Madoguchi.Booking;
using Madoguchi.Booking.Phone;
using Madoguchi.Calendar;
using Madoguchi.Counter;
using Madoguchi.Notices;

namespace Madoguchi.Tests.Booking;

/// <summary>
/// A family at a one-counter place (one seat a time) is booked on consecutive times under one code
/// (issue 12.3, ADR 0020): held together, confirmed together, all or nothing, and given back
/// together. Monday 2027-03-01 at 丸子自治センター (8:30–17:15, one seat per 15 minutes).
/// </summary>
public abstract class ConsecutiveTimesTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int Families = 16;
    private static readonly DateTimeOffset MondayNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private readonly BookingSettings _settings = new();
    private TestDatabase _database = null!;
    private Place _place = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(provider, [UedaPlaces.All.Single(p => p.Code == "maruko")]);
        await using var db = _database.Open();
        _place = await db.Places.AsNoTracking().SingleAsync();
        await _database.ImportLedgerAsync(_clock, TestLedger.Numbered(Families * 2, i => $"A{i:D2}-{i:D6}"));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task A_family_is_held_and_booked_on_consecutive_times_with_one_code_and_cancel_frees_every_slot()
    {
        await using var db = _database.Open();
        var held = await new HoldSeats(db, _clock, _settings).RunAsync(new HoldRequest(_place.Id, MondayNine, Family(0)));
        Assert.Null(held.Problem);
        Assert.Equal((MondayNine, MondayNine.AddMinutes(30), 2), (held.Value!.Start, held.Value.End, held.Value.People));
        Assert.Equal([(MondayNine, 1), (MondayNine.AddMinutes(15), 1)], await TakenAsync(db));

        var hold = await new ReadBooking(db, _clock).HoldAsync(held.Value.HoldId);
        Assert.Equal(["9:00", "9:15"], hold!.Members.Select(m => $"{m.Start:H:mm}"));
        Assert.Equal(MondayNine.AddMinutes(30), hold.End);

        var made = await new ConfirmBooking(db, _clock, _settings, new NoticeSettings()).RunAsync(new ConfirmRequest(held.Value.HoldId, null, null, null, "090-1234-5678", null, "web"));
        Assert.Null(made.Problem);
        Assert.Equal(1, await db.Bookings.CountAsync());
        Assert.Equal([(MondayNine, 1), (MondayNine.AddMinutes(15), 1)], await TakenAsync(db));
        var details = await new ReadBooking(db, _clock).BookingAsync(made.Value!.Code);
        Assert.Equal((2, MondayNine, MondayNine.AddMinutes(30)), (details!.People, details.Start, details.End));
        Assert.Equal([(Number(0), "9:00〜9:15"), (Number(1), "9:15〜9:30")], details.Members.Select(m => (m.ManagementNumber, $"{m.Start:H:mm}〜{m.End:H:mm}")));

        // The counter's day list shows each member at their own time.
        var sheet = await new DayList(db, TestAudit.Trail(TimeProvider.System)).RunAsync("maruko", new DateOnly(2027, 3, 1), null, ["maruko"]);
        var booking = Assert.Single(sheet.Value!.Bookings);
        Assert.Equal(made.Value.Code, booking.Code);
        Assert.Equal([(Number(0), "9:00"), (Number(1), "9:15")], booking.Cards.Select(c => (c.ManagementNumber, $"{c.Start:H:mm}")));

        // A second family at 9:00 starts where the first one ended.
        var second = await new HoldSeats(db, _clock, _settings).RunAsync(new HoldRequest(_place.Id, MondayNine, Family(1)));
        Assert.Equal("slot-full", second.Problem?.Code);
        var later = await new HoldSeats(db, _clock, _settings).RunAsync(new HoldRequest(_place.Id, MondayNine.AddMinutes(30), Family(1)));
        Assert.Null(later.Problem);

        var row = await db.Bookings.AsNoTracking().SingleAsync();
        await db.InTransactionAsync(async () => (true, await new CancelBooking(db, new NoticeSettings()).RunAsync(row, BookingTombstones.ByCitizen, _clock.GetUtcNow(), [BookingStatus.Booked], default)));
        Assert.Equal([(MondayNine.AddMinutes(30), 1), (MondayNine.AddMinutes(45), 1)], await TakenAsync(db));

        // A hold that runs out gives back every member's seat.
        _clock.Advance(TimeSpan.FromMinutes(11));
        await db.InTransactionAsync(async () => (true, await new Seats(db, _clock, _settings).ReleaseExpiredAsync(null, default)));
        Assert.Empty(await TakenAsync(db));
    }

    [SkippableFact]
    public async Task The_calendar_marks_are_for_the_party_and_consecutive_times_can_be_turned_off()
    {
        await using var db = _database.Open();
        var month = await new SlotAvailability(db, _clock, _settings).MonthAsync(_place, 2027, 3, people: 2);
        Assert.Equal(DayState.Open, month.Single(d => d.Date == new DateOnly(2027, 3, 1)).State);

        var together = _settings with { ConsecutiveTimes = false };
        month = await new SlotAvailability(db, _clock, together).MonthAsync(_place, 2027, 3, people: 2);
        var monday = month.Single(d => d.Date == new DateOnly(2027, 3, 1));
        Assert.Equal((DayState.NoRoomForParty, "×", "2人分の空きなし"), (monday.State, monday.Mark, monday.Words));
        Assert.Equal(DayState.Open, (await new SlotAvailability(db, _clock, together).MonthAsync(_place, 2027, 3, people: 1)).Single(d => d.Date == monday.Date).State);

        var refused = await new HoldSeats(db, _clock, together).RunAsync(new HoldRequest(_place.Id, MondayNine, Family(0)));
        Assert.Equal("slot-full", refused.Problem?.Code);
        Assert.Empty(await TakenAsync(db));
    }

    [SkippableFact]
    public async Task A_staff_move_brings_the_family_together_and_gives_back_each_seat()
    {
        await using (var db = _database.Open())
        {
            await db.Places.Where(p => p.Id == _place.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.SeatsPerSlot, 2));
            // The 9:00 slot has one seat left (its row says so), so the family is split over 9:00 and 9:15.
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO slots (place_id, start, \"end\", capacity, taken) VALUES ({0}, {1}, {2}, 1, 0)",
                _place.Id, db.Instant(MondayNine), db.Instant(MondayNine.AddMinutes(15)));
        }

        CalendarCache.Clear();
        await using var work = _database.Open();
        var made = await new ConfirmBooking(work, _clock, _settings, new NoticeSettings()).RunAsync(new ConfirmRequest(null, _place.Id, MondayNine, Family(0), "090-1234-5678", null, "test"));
        Assert.Null(made.Problem);
        Assert.Equal([(MondayNine, 1), (MondayNine.AddMinutes(15), 1)], await TakenAsync(work));

        var booking = await work.Bookings.AsNoTracking().SingleAsync();
        var moved = await new ChangeBookingTime(work, _clock, _settings, new NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(booking.Id, _place.Id, MondayNine.AddHours(1), _ => true);
        Assert.Null(moved.Problem);
        Assert.Equal([(MondayNine.AddHours(1), 2)], await TakenAsync(work));
        Assert.Empty((await new ReadBooking(work, _clock).BookingAsync(booking.Code))!.Members);
    }

    /// <summary>
    /// Families press "book" at once for overlapping runs of one-seat times. Every seat is taken by
    /// the same conditional update as a single booking's, and a family's seats are taken in one
    /// transaction: a family is booked whole or not at all, and no slot holds more than its seat.
    /// (The control run in <see cref="ConcurrentBookingTests"/> shows this load races.)
    /// </summary>
    [SkippableFact]
    public async Task Families_booking_at_once_are_booked_whole_or_not_at_all()
    {
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, Families).Select(i => Task.Run(async () =>
        {
            await using var db = _database.Open();
            await db.Database.OpenConnectionAsync();
            await start.WaitAsync();
            var outcome = await new ConfirmBooking(db, _clock, _settings, new NoticeSettings()).RunAsync(
                new ConfirmRequest(null, _place.Id, MondayNine.AddMinutes(15 * (i % 4)), Family(i), "090-1234-5678", null, "test"));
            if (outcome.Problem is { } problem)
            {
                problems.Add(problem.Code);
            }

            return outcome.Ok;
        })).ToList();
        await Task.Delay(200);
        start.Release(Families);
        var booked = (await Task.WhenAll(tasks)).Count(ok => ok);

        // Runs from 9:00, 9:15, 9:30 and 9:45 over one-seat times: in any order exactly two fit.
        Assert.Equal(2, booked);
        Assert.All(problems, p => Assert.Equal("slot-full", p));
        await using var check = _database.Open();
        var slots = await check.Slots.AsNoTracking().ToListAsync();
        Assert.All(slots, s => Assert.InRange(s.Taken, 0, 1));
        var bookings = await check.Bookings.AsNoTracking().Include(b => b.Cards).ToListAsync();
        Assert.Equal(booked, bookings.Count);
        foreach (var b in bookings)
        {
            // Both members, each on their own slot, one right after the other.
            Assert.Equal(2, b.Cards.Count);
            var own = b.Cards.Select(c => slots.Single(s => s.Id == c.SlotId)).OrderBy(s => s.Start).ToList();
            Assert.Equal(own[0].End, own[1].Start);
            Assert.Equal((b.Start, b.End), (own[0].Start, own[1].End));
        }

        // Every seat taken belongs to a booked member, and every booked member has a seat.
        Assert.Equal(booked * 2, slots.Sum(s => s.Taken));
        Assert.Equal(slots.Where(s => s.Taken == 1).Select(s => s.Id).Order(), bookings.SelectMany(b => b.Cards).Select(c => c.SlotId!.Value).Order());
    }

    private async Task<List<(DateTimeOffset, int)>> TakenAsync(MadoguchiDb db) =>
        (await db.Slots.AsNoTracking().Where(s => s.Taken > 0).ToListAsync())
            .OrderBy(s => s.Start).Select(s => (s.Start.ToCityTime(), s.Taken)).ToList();

    private static CardProof[] Family(int family) => [new(Number(family * 2), "1980-01-01"), new(Number(family * 2 + 1), "1980-01-01")];

    private static string Number(int i) => $"A{i:D2}-{i:D6}";
}

public sealed class ConsecutiveTimesOnSqlite() : ConsecutiveTimesTests(DatabaseProvider.Sqlite);

public sealed class ConsecutiveTimesOnPostgres() : ConsecutiveTimesTests(DatabaseProvider.Postgres);
