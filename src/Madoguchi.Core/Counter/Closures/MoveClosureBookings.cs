using System.Globalization;
using System.Text;

using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Notices;

namespace Madoguchi.Counter.Closures;

/// <summary>A move as staff type it. An empty place means each booking stays at its own place.</summary>
public sealed record MoveRequest(int ClosedDayId, string? Date, string? PlaceId);

public enum MoveStatus
{
    Moved,
    Invalid,
    LackingSeats,
    NothingToMove,
    NotFound,
}

public sealed record MovedBooking(long Id, string Code, int People, DateTimeOffset From, DateTimeOffset To, int PlaceId);

public sealed record UnplacedBooking(long Id, string Code, int People, DateTimeOffset Start, int PlaceId);

/// <summary>
/// What <see cref="MoveClosureBookings"/> did. <see cref="Errors"/> is keyed by the name of the
/// <see cref="MoveRequest"/> property at fault; <see cref="Unplaced"/> names the bookings for which
/// the target day had no seats (then nothing moved). <see cref="CheckedIn"/> counts bookings left
/// where they are because the citizen is already at the counter.
/// </summary>
public sealed record MoveResult(
    MoveStatus Status,
    IReadOnlyDictionary<string, string> Errors,
    IReadOnlyList<MovedBooking> Moved,
    IReadOnlyList<UnplacedBooking> Unplaced,
    int CheckedIn = 0);

/// <summary>
/// Moves every booking a closure meets to another day (and, if chosen, another place) in one
/// transaction: each to the same time of day if that slot has seats, else to the nearest later
/// slot with seats that day, through the seat ledger (<see cref="Seats.MoveAsync"/>).
/// If any booking finds no seat, nothing moves and the result names the bookings that found none.
/// </summary>
public sealed class MoveClosureBookings(MadoguchiDb db, TimeProvider clock, BookingSettings settings, NoticeSettings notices, AuditTrail audit)
{
    public const string Action = "closure.move";

    /// <summary>Moves, and records <c>closure.move</c>: with the moved bookings in the move's transaction, or refused with those that found no seat.</summary>
    public async Task<MoveResult> RunAsync(MoveRequest request, int staffId, IReadOnlyCollection<int>? places, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await MoveAsync(request, staffId, places, cancellationToken);
        if (result.Status is not (MoveStatus.Moved or MoveStatus.NotFound))
        {
            await audit.RecordAsync(db, Action, [$"closure:{request.ClosedDayId}", .. result.Unplaced.Select(b => $"booking:{b.Id}")], AuditOutcome.Refused, cancellationToken);
        }

        return result;
    }

    private async Task<MoveResult> MoveAsync(MoveRequest request, int staffId, IReadOnlyCollection<int>? places, CancellationToken cancellationToken)
    {
        var closure = await ClosureCallList.FindAsync(db, request.ClosedDayId, places, cancellationToken);
        if (closure is null)
        {
            return Result(MoveStatus.NotFound);
        }

        var errors = new Dictionary<string, string>();
        var (first, last) = settings.Window(clock.Now());
        var dateText = Normal(request.Date);
        DateOnly date = default;
        if (dateText.Length == 0)
        {
            errors[nameof(request.Date)] = $"移す先の日付が空です。{Day(first)}〜{Day(last)} の日を 2027-05-10 のように年-月-日で書いてください。";
        }
        else if (!DateOnly.TryParseExact(dateText, ["yyyy-MM-dd", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            errors[nameof(request.Date)] = $"日付「{dateText}」が読めません。2027-05-10 のように実在する年-月-日で書いてください。";
        }
        else if (date < first || date > last)
        {
            errors[nameof(request.Date)] = $"{Day(date)} は予約を受け付ける期間の外です。{Day(first)}〜{Day(last)} の日を選んでください。";
        }

        var allPlaces = await db.Places.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        Place? chosen = null;
        var placeText = Normal(request.PlaceId);
        if (placeText.Length > 0)
        {
            chosen = int.TryParse(placeText, NumberStyles.None, CultureInfo.InvariantCulture, out var placeId) ? allPlaces.GetValueOrDefault(placeId) : null;
            if (chosen is null || (places is not null && !places.Contains(chosen.Id)))
            {
                errors[nameof(request.PlaceId)] = "移す先の交付場所が見つかりません。一覧から選び直してください（同じ場所へ移すときは「同じ交付場所」を選びます）。";
            }
        }

        if (errors.Count > 0)
        {
            return Result(MoveStatus.Invalid, errors);
        }

        var affected = await ClosureCallList.Affected(db, closure, places).AsNoTracking()
            .OrderBy(b => b.Start).ThenBy(b => b.Id).ToListAsync(cancellationToken);
        var bookings = affected.Where(b => b.Status == BookingStatus.Booked).ToList();
        var checkedIn = affected.Count - bookings.Count;
        if (bookings.Count == 0)
        {
            return Result(MoveStatus.NothingToMove) with { CheckedIn = checkedIn };
        }

        var calendar = await CityCalendar.LoadAsync(db, date, date, cancellationToken);
        var schedules = new Dictionary<int, DaySchedule>();
        foreach (var placeId in bookings.Select(b => chosen?.Id ?? b.PlaceId).Distinct())
        {
            var place = allPlaces[placeId];
            var schedule = SlotSchedule.Day(place, date, calendar);
            if (!schedule.Open)
            {
                errors[nameof(request.Date)] = $"{Day(date)} は{place.Name}が休み（{schedule.ClosedReason}）です。別の日か、別の交付場所を選んでください。";
                return Result(MoveStatus.Invalid, errors);
            }

            schedules[placeId] = schedule;
        }

        var seats = new Seats(db, clock, settings);
        return await db.InTransactionAsync(
            async () =>
            {
                var moved = new List<MovedBooking>();
                var unplaced = new List<UnplacedBooking>();
                await seats.LockForMoveAsync(bookings, schedules.Keys, schedules.Values.SelectMany(s => s.Slots).ToList(), cancellationToken);
                foreach (var booking in bookings)
                {
                    var place = allPlaces[chosen?.Id ?? booking.PlaceId];
                    var wanted = booking.Start.ToCityTime().TimeOfDay;

                    // The same time of day if it has seats, else the nearest later one with seats that day.
                    var outcome = await seats.MoveAsync(booking, place, schedules[place.Id].Slots.Where(s => s.Start.TimeOfDay >= wanted), cancellationToken);
                    if (!outcome.Ok)
                    {
                        // No seat, or changed by someone else (checked in, cancelled) since it was read: keep it in the list to look at again.
                        unplaced.Add(new UnplacedBooking(booking.Id, booking.Code, booking.People, booking.Start.ToCityTime(), booking.PlaceId));
                        continue;
                    }

                    var (target, slotId) = outcome.Value;
                    await new CitizenNotices(db, notices).ChangedAsync(booking, place.Id, target.Start, target.End, slotId, clock.GetUtcNow(), cancellationToken);
                    moved.Add(new MovedBooking(booking.Id, booking.Code, booking.People, booking.Start.ToCityTime(), target.Start, place.Id));
                }

                if (unplaced.Count > 0)
                {
                    return (false, new MoveResult(MoveStatus.LackingSeats, new Dictionary<string, string>(), [], unplaced, checkedIn));
                }

                var movedIds = moved.Select(m => m.Id).ToList();
                var calls = await db.ClosureCalls.Where(c => c.ClosedDayId == closure.Id && movedIds.Contains(c.BookingId)).ToDictionaryAsync(c => c.BookingId, cancellationToken);
                var now = clock.GetUtcNow();
                foreach (var m in moved)
                {
                    if (!calls.TryGetValue(m.Id, out var call))
                    {
                        call = new ClosureCall { ClosedDayId = closure.Id, BookingId = m.Id };
                        db.ClosureCalls.Add(call);
                    }

                    call.Status = CallStatus.Moved;
                    call.StaffId = staffId;
                    call.UpdatedAt = now;
                }

                await db.SaveChangesAsync(cancellationToken);
                await audit.RecordAsync(db, Action, [$"closure:{closure.Id}", .. moved.Select(b => $"booking:{b.Id}")], cancellationToken: cancellationToken);
                return (true, new MoveResult(MoveStatus.Moved, new Dictionary<string, string>(), moved, [], checkedIn));
            },
            cancellationToken);
    }

    /// <summary>The first day of the booking window on which the place (or, with none, the city) is open and that is not the closure's day: a sensible default target.</summary>
    public async Task<DateOnly?> FirstOpenDayAsync(ClosedDay closure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(closure);
        var (first, last) = settings.Window(clock.Now());
        var calendar = await CityCalendar.LoadAsync(db, first, last, cancellationToken);
        var place = closure.PlaceId is { } placeId ? await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Id == placeId, cancellationToken) : null;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var open = place is null
                ? calendar.CityClosed(day) is null && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
                : SlotSchedule.Day(place, day, calendar).Open;
            if (open && day != closure.Date)
            {
                return day;
            }
        }

        return null;
    }

    private static MoveResult Result(MoveStatus status, Dictionary<string, string>? errors = null) =>
        new(status, errors ?? [], [], []);

    private static string Day(DateOnly date) =>
        $"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}（{"日月火水木金土"[(int)date.DayOfWeek]}）";

    private static string Normal(string? text) => (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
}
