using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Counter.Closures;

namespace Madoguchi.Tests.Counter.Closures;

/// <summary>
/// A place closes after citizens booked (R4): the call list, marking calls, and moving every
/// booking in one go. The clock stands on Monday 2027-02-22 10:00 in Ueda, before the 17:00
/// cut-off, so the booking window is 2/23–3/24; the closed day is Monday 3/1, the target Tuesday 3/2.
/// Bookings are made through the real booking path, so seats are really taken.
/// </summary>
public abstract class ClosureWorkTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Birth = "1985-04-12";
    private const int Staff = 7;

    private static readonly DateOnly Monday = new(2027, 3, 1);
    private static readonly DateOnly Tuesday = new(2027, 3, 2);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private readonly BookingSettings _settings = new();
    private TestDatabase _database = null!;
    private Dictionary<string, int> _places = null!;
    private int _cards;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(provider);
        await using var db = _database.Open();
        _places = await db.Places.ToDictionaryAsync(p => p.Code, p => p.Id);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task The_call_list_holds_exactly_the_bookings_a_part_day_closure_meets()
    {
        // The closure runs 13:00–15:00 at City Hall. 12:45 ends as it starts and 15:00 starts as it
        // ends: both stay. Maruko's 13:00 is another place.
        var before = await BookAsync("honcho", At(Monday, 12, 45));
        var family = await BookAsync("honcho", At(Monday, 13, 0), people: 2, phone: "090-1111-2222", email: "family@example.jp");
        var last = await BookAsync("honcho", At(Monday, 14, 45));
        var after = await BookAsync("honcho", At(Monday, 15, 0));
        var elsewhere = await BookAsync("maruko", At(Monday, 13, 0));
        var closure = await CloseAsync("honcho", Monday, new TimeOnly(13, 0), new TimeOnly(15, 0));

        var list = (await OpenAsync(closure))!;

        Assert.Equal([family.Code, last.Code], list.Lines.Select(l => l.Booking!.Code));
        Assert.DoesNotContain(list.Lines, l => l.Booking!.Code == before.Code || l.Booking.Code == after.Code || l.Booking.Code == elsewhere.Code);
        var first = list.Lines[0];
        Assert.Equal(("090-1111-2222", "family@example.jp", 2), (first.Booking!.Phone, first.Booking.Email, first.Booking.People));
        Assert.Equal(family.Names, first.Names);
        Assert.Equal("本庁舎 市民課", list.PlaceName);
        Assert.All(list.Lines, l => Assert.Equal((true, CallStatus.NotCalled), (l.InClosure, l.Status)));
        await using var db = _database.Open();
        Assert.Equal(2, await db.ClosureCalls.CountAsync(c => c.ClosedDayId == closure));
        // Opening the list again adds no second call.
        await OpenAsync(closure);
        Assert.Equal(2, await db.ClosureCalls.CountAsync());
    }

    [SkippableFact]
    public async Task A_city_closed_day_meets_bookings_at_every_place_and_a_branch_sees_its_own()
    {
        var honcho = await BookAsync("honcho", At(Monday, 9, 0));
        var maruko = await BookAsync("maruko", At(Monday, 9, 0));
        var closure = await CloseAsync(null, Monday, null, null);

        var all = (await OpenAsync(closure))!;
        var branch = (await OpenAsync(closure, [_places["maruko"]]))!;

        // Same time: in the order they were booked.
        Assert.Equal([honcho.Code, maruko.Code], all.Lines.Select(l => l.Booking!.Code));
        Assert.Equal([maruko.Code], branch.Lines.Select(l => l.Booking!.Code));
        // Maruko's staff do not find a closure of City Hall at all.
        var hall = await CloseAsync("honcho", Tuesday, null, null);
        Assert.Null(await OpenAsync(hall, [_places["maruko"]]));
    }

    [SkippableFact]
    public async Task A_call_is_marked_with_who_when_and_a_note()
    {
        var booking = await BookAsync("honcho", At(Monday, 13, 0));
        var closure = await CloseAsync("honcho", Monday, new TimeOnly(13, 0), new TimeOnly(15, 0));
        await OpenAsync(closure);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var reached = await MarkAsync(closure, booking.Id, CallStatus.Reached, " 3/2 の同じ時刻を希望 ");
        // Moved is refused while the booking still sits in the closed time.
        var moved = await MarkAsync(closure, booking.Id, CallStatus.Moved, null);

        Assert.Equal(MarkStatus.Marked, reached.Status);
        Assert.Equal(MarkStatus.Refused, moved.Status);
        Assert.Contains("まだ閉鎖の時間", moved.Message, StringComparison.Ordinal);
        var line = Assert.Single((await OpenAsync(closure))!.Lines);
        Assert.Equal((CallStatus.Reached, "3/2 の同じ時刻を希望"), (line.Status, line.Note));
        Assert.Equal(new DateTimeOffset(2027, 2, 22, 1, 5, 0, TimeSpan.Zero), line.UpdatedAt);
        await using var db = _database.Open();
        Assert.Equal(Staff, (await db.ClosureCalls.SingleAsync()).StaffId);
    }

    [SkippableFact]
    public async Task Cancelling_from_the_call_list_gives_the_seats_back_and_keeps_only_a_tombstone()
    {
        var booking = await BookAsync("honcho", At(Monday, 13, 0), people: 2);
        var closure = await CloseAsync("honcho", Monday, new TimeOnly(13, 0), new TimeOnly(15, 0));
        await OpenAsync(closure);

        var cancelled = await MarkAsync(closure, booking.Id, CallStatus.Cancelled, "本人から取消の申し出");
        var undo = await MarkAsync(closure, booking.Id, CallStatus.Called, null);

        Assert.Equal(MarkStatus.Marked, cancelled.Status);
        Assert.Equal(MarkStatus.Refused, undo.Status);
        await using var db = _database.Open();
        Assert.False(await db.Bookings.AnyAsync());
        Assert.False(await db.BookedCards.AnyAsync());
        Assert.Equal(0, await TakenAsync("honcho", At(Monday, 13, 0)));
        var tombstone = await db.BookingTombstones.SingleAsync();
        Assert.Equal(("closure", 2, _places["honcho"]), (tombstone.CancelledBy, tombstone.People, tombstone.PlaceId));
        var line = Assert.Single((await OpenAsync(closure))!.Lines);
        Assert.Equal((CallStatus.Cancelled, (PickupBooking?)null, "本人から取消の申し出"), (line.Status, line.Booking, line.Note));
    }

    [SkippableFact]
    public async Task Moving_to_another_day_keeps_every_booking_and_moves_the_seats()
    {
        var family = await BookAsync("honcho", At(Monday, 13, 0), people: 2);
        var quarter = await BookAsync("honcho", At(Monday, 13, 15));
        var late = await BookAsync("honcho", At(Monday, 14, 45));
        // Tuesday's 13:15 is already full (City Hall has 2 seats), so that booking goes to 13:30.
        await BookAsync("honcho", At(Tuesday, 13, 15), people: 2);
        var closure = await CloseAsync("honcho", Monday, new TimeOnly(13, 0), new TimeOnly(15, 0));
        await OpenAsync(closure);

        var result = await MoveAsync(closure, "2027-03-02", "");

        Assert.Equal(MoveStatus.Moved, result.Status);
        Assert.Equal(
            [(family.Code, At(Tuesday, 13, 0)), (quarter.Code, At(Tuesday, 13, 30)), (late.Code, At(Tuesday, 14, 45))],
            result.Moved.Select(m => (m.Code, m.To)));
        await using var db = _database.Open();
        string[] codes = [family.Code, quarter.Code, late.Code];
        var moved = await db.Bookings.Where(b => codes.Contains(b.Code)).ToListAsync();
        var slots = await db.Slots.ToDictionaryAsync(s => s.Id);
        Assert.Equal(3, moved.Count);
        Assert.All(moved, b => Assert.Equal((b.Start, b.End, b.PlaceId), (slots[b.SlotId].Start, slots[b.SlotId].End, slots[b.SlotId].PlaceId)));
        Assert.Equal((0, 0, 0), (await TakenAsync("honcho", At(Monday, 13, 0)), await TakenAsync("honcho", At(Monday, 13, 15)), await TakenAsync("honcho", At(Monday, 14, 45))));
        Assert.Equal((2, 2, 1, 1), (await TakenAsync("honcho", At(Tuesday, 13, 0)), await TakenAsync("honcho", At(Tuesday, 13, 15)), await TakenAsync("honcho", At(Tuesday, 13, 30)), await TakenAsync("honcho", At(Tuesday, 14, 45))));
        // Every card stays booked: the family's two and one each.
        var movedIds = moved.Select(b => b.Id).ToList();
        Assert.Equal(4, await db.BookedCards.CountAsync(c => c.Active && movedIds.Contains(c.BookingId)));
        var list = (await OpenAsync(closure))!;
        Assert.Equal(3, list.Lines.Count);
        Assert.All(list.Lines, l => Assert.Equal((false, CallStatus.Moved), (l.InClosure, l.Status)));
        Assert.All(await db.ClosureCalls.ToListAsync(), c => Assert.Equal(Staff, c.StaffId));
    }

    [SkippableFact]
    public async Task A_target_without_enough_seats_moves_nothing_and_names_the_bookings_without_a_seat()
    {
        // Maruko has one seat per slot and its last slot starts at 17:00. On Tuesday 17:00 is taken,
        // so the 17:00 booking finds no later seat; the 9:00 one would fit but must not move alone.
        var morning = await BookAsync("maruko", At(Monday, 9, 0));
        var evening = await BookAsync("maruko", At(Monday, 17, 0));
        await BookAsync("maruko", At(Tuesday, 17, 0));
        var closure = await CloseAsync("maruko", Monday, null, null);

        var result = await MoveAsync(closure, "2027-03-02", "");

        Assert.Equal(MoveStatus.LackingSeats, result.Status);
        Assert.Equal([evening.Code], result.Unplaced.Select(u => u.Code));
        Assert.Empty(result.Moved);
        await using var db = _database.Open();
        Assert.Equal(At(Monday, 9, 0), (await db.Bookings.SingleAsync(b => b.Code == morning.Code)).Start);
        Assert.Equal(At(Monday, 17, 0), (await db.Bookings.SingleAsync(b => b.Code == evening.Code)).Start);
        Assert.Equal((1, 1, 0, 1), (await TakenAsync("maruko", At(Monday, 9, 0)), await TakenAsync("maruko", At(Monday, 17, 0)), await TakenAsync("maruko", At(Tuesday, 9, 0)), await TakenAsync("maruko", At(Tuesday, 17, 0))));
        Assert.False(await db.ClosureCalls.AnyAsync(c => c.Status == CallStatus.Moved));
    }

    [SkippableFact]
    public async Task A_move_to_a_closed_day_or_outside_the_window_is_refused_beside_the_date()
    {
        await BookAsync("honcho", At(Monday, 9, 0));
        var closure = await CloseAsync("honcho", Monday, null, null);

        // 3/6 is a Saturday; 3/25 is one day past the window; 3/1 is the closed day itself.
        var saturday = await MoveAsync(closure, "2027-03-06", "");
        var late = await MoveAsync(closure, "2027-03-25", "");
        var sameDay = await MoveAsync(closure, "2027-03-01", "");

        Assert.Contains("休み", saturday.Errors["Date"], StringComparison.Ordinal);
        Assert.Contains("2027-02-23（火）〜2027-03-24（水）", late.Errors["Date"], StringComparison.Ordinal);
        Assert.Contains("休み", sameDay.Errors["Date"], StringComparison.Ordinal);
        Assert.All(new[] { saturday, late, sameDay }, r => Assert.Equal(MoveStatus.Invalid, r.Status));
    }

    [SkippableFact]
    public async Task The_upcoming_closures_count_the_bookings_met_and_the_calls_left()
    {
        var first = await BookAsync("honcho", At(Monday, 13, 0));
        await BookAsync("honcho", At(Monday, 13, 15));
        var closure = await CloseAsync("honcho", Monday, new TimeOnly(13, 0), new TimeOnly(15, 0));
        await using (var db = _database.Open())
        {
            // A closure that is over is not listed.
            db.ClosedDays.Add(new ClosedDay { Date = new DateOnly(2027, 2, 19), PlaceId = _places["honcho"], Reason = "過去の点検" });
            await db.SaveChangesAsync();
        }

        await OpenAsync(closure);
        await MarkAsync(closure, first.Id, CallStatus.Called, null);

        await using var read = _database.Open();
        var summary = Assert.Single(await new ClosureCallList(read, _clock, TestAudit.Trail(_clock)).UpcomingAsync(null));
        Assert.Equal((closure, 2, 1, 0), (summary.Closure.Id, summary.Affected, summary.NotCalled, summary.Done));
    }

    [SkippableFact]
    public void The_csv_quotes_commas_and_keeps_formulas_from_running()
    {
        Assert.Equal("\"折り返し,午後\"", CallListCsv.Field("折り返し,午後"));
        Assert.Equal("'=1+1", CallListCsv.Field("=1+1"));
        Assert.Equal("090-1234-5678", CallListCsv.Field("090-1234-5678"));
    }

    private sealed record Booked(long Id, string Code, IReadOnlyList<string> Names);

    /// <summary>Imports fresh cards and books them together through the real booking path.</summary>
    private async Task<Booked> BookAsync(string place, DateTimeOffset start, int people = 1, string phone = "0268-22-4100", string? email = null)
    {
        var numbers = Enumerable.Range(0, people).Select(_ => $"C00-{Interlocked.Increment(ref _cards):000000}").ToList();
        await using var db = _database.Open();
        var imported = await TestLedger.ImportAsync(
            db, _clock, TestLedger.Columns + ",申請区分,到着日", numbers.Select(n => $"{n},試験　{n[4..]}子,{Birth},女,長野県上田市大手一丁目,新規,2027-02-01"));
        Assert.Equal(people, imported.Imported);

        var confirmed = await new ConfirmBooking(db, _clock, _settings, new Madoguchi.Notices.NoticeSettings()).RunAsync(
            new ConfirmRequest(null, _places[place], start, [.. numbers.Select(n => new CardProof(n, Birth))], phone, email, "web"));
        Assert.Null(confirmed.Problem);
        var id = await db.Bookings.Where(b => b.Code == confirmed.Value!.Code).Select(b => b.Id).SingleAsync();
        return new Booked(id, confirmed.Value!.Code, [.. numbers.Select(n => $"試験　{n[4..]}子")]);
    }

    /// <summary>Closes a place (or the city) as a 係長 does after the bookings were made.</summary>
    private async Task<int> CloseAsync(string? place, DateOnly date, TimeOnly? from, TimeOnly? until)
    {
        await using var db = _database.Open();
        var closure = new ClosedDay { Date = date, PlaceId = place is null ? null : _places[place], From = from, Until = until, Reason = "停電点検" };
        db.ClosedDays.Add(closure);
        await db.SaveChangesAsync();
        return closure.Id;
    }

    private async Task<CallList?> OpenAsync(int closure, IReadOnlyCollection<int>? places = null)
    {
        await using var db = _database.Open();
        return await new ClosureCallList(db, _clock, TestAudit.Trail(_clock)).OpenAsync(closure, places, CallListUse.View);
    }

    private async Task<MarkResult> MarkAsync(int closure, long booking, CallStatus status, string? note)
    {
        await using var db = _database.Open();
        return await new MarkCall(db, _clock, new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(new CallMark(closure, booking, status, note), Staff, null);
    }

    private async Task<MoveResult> MoveAsync(int closure, string date, string place)
    {
        await using var db = _database.Open();
        return await new MoveClosureBookings(db, _clock, _settings, new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(new MoveRequest(closure, date, place), Staff, null);
    }

    private async Task<int> TakenAsync(string place, DateTimeOffset start)
    {
        await using var db = _database.Open();
        var placeId = _places[place];
        return await db.Slots.Where(s => s.PlaceId == placeId && s.Start == start).Select(s => s.Taken).SingleOrDefaultAsync();
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minute) => new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(9));
}

public sealed class ClosureWorkOnSqlite() : ClosureWorkTests(DatabaseProvider.Sqlite);

public sealed class ClosureWorkOnPostgres() : ClosureWorkTests(DatabaseProvider.Postgres);
