using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Calendar;

namespace Madoguchi.Counter.Closures;

/// <summary>A closure from today on, with the bookings it meets and how far the calls have got.</summary>
public sealed record ClosureSummary(ClosedDay Closure, string? PlaceName, int Affected, int NotCalled, int Done);

/// <summary>
/// One line of a call list: a booking the closure meets (or met, before it was moved or
/// cancelled) and its call. A cancelled booking is deleted, so its line keeps the call alone.
/// </summary>
public sealed record CallLine(
    long BookingId,
    PickupBooking? Booking,
    string? PlaceName,
    IReadOnlyList<string> Names,
    bool InClosure,
    CallStatus Status,
    string? Note,
    string? StaffName,
    DateTimeOffset? UpdatedAt);

public sealed record CallList(ClosedDay Closure, string? PlaceName, IReadOnlyList<CallLine> Lines)
{
    public int Affected => Lines.Count(l => l.InClosure);
}

/// <summary>What a call list is opened for: each is its own line in the audit log.</summary>
public enum CallListUse
{
    View,
    Print,
    Csv,
    Xlsx,
}

/// <summary>
/// The closures of places (and the city's closed days) from today on, and for each the call list
/// of R4: every booking whose time the closure covers, with the phone number to call. Opening a
/// list creates a call (未連絡) for each booking that has none yet.
/// </summary>
/// <remarks>
/// <c>places</c> limits everything to the places a member of staff may work at (null: every
/// place). A closure of another place is not found; a city closure shows their places' bookings.
/// </remarks>
public sealed class ClosureCallList(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    public async Task<IReadOnlyList<ClosureSummary>> UpcomingAsync(IReadOnlyCollection<int>? places, CancellationToken cancellationToken = default)
    {
        var today = clock.Today();
        var query = db.ClosedDays.AsNoTracking().Where(c => c.Date >= today);
        if (places is not null)
        {
            query = query.Where(c => c.PlaceId == null || places.Contains(c.PlaceId.Value));
        }

        var closures = await query.OrderBy(c => c.Date).ThenBy(c => c.From).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var names = await PlaceNamesAsync(cancellationToken);
        var summaries = new List<ClosureSummary>(closures.Count);
        foreach (var closure in closures)
        {
            var affected = await Affected(db, closure, places).Select(b => b.Id).ToListAsync(cancellationToken);
            var calls = await db.ClosureCalls.AsNoTracking().Where(c => c.ClosedDayId == closure.Id)
                .Select(c => new { c.BookingId, c.Status }).ToListAsync(cancellationToken);
            var status = calls.ToDictionary(c => c.BookingId, c => c.Status);
            var notCalled = affected.Count(id => status.GetValueOrDefault(id, CallStatus.NotCalled) == CallStatus.NotCalled);
            var done = calls.Count(c => c.Status is CallStatus.Moved or CallStatus.Cancelled);
            summaries.Add(new ClosureSummary(closure, PlaceName(names, closure.PlaceId), affected.Count, notCalled, done));
        }

        return summaries;
    }

    /// <summary>
    /// The call list, or null when there is no such closure (or it is another place's). Names and
    /// phone numbers: each opening is recorded as what it is for (shown, printed, saved), naming the
    /// closure and its bookings, before anything is shown.
    /// </summary>
    public async Task<CallList?> OpenAsync(int closedDayId, IReadOnlyCollection<int>? places, CallListUse use, CancellationToken cancellationToken = default)
    {
        var list = await ReadAsync(closedDayId, places, cancellationToken);
        if (list is not null)
        {
            var action = use switch
            {
                CallListUse.Print => "print.closure.calls",
                CallListUse.Csv => "export.closure.calls",
                CallListUse.Xlsx => "export.closure.calls.xlsx",
                _ => "closure.calls.view",
            };
            await audit.RecordAsync(db, action, [$"closure:{list.Closure.Id}", .. list.Lines.Select(l => $"booking:{l.BookingId}")], cancellationToken: cancellationToken);
        }

        return list;
    }

    private async Task<CallList?> ReadAsync(int closedDayId, IReadOnlyCollection<int>? places, CancellationToken cancellationToken)
    {
        var closure = await FindAsync(db, closedDayId, places, cancellationToken);
        if (closure is null)
        {
            return null;
        }

        var affected = await Affected(db, closure, places).AsNoTracking().OrderBy(b => b.Start).ThenBy(b => b.Id).ToListAsync(cancellationToken);
        var known = await db.ClosureCalls.AsNoTracking().Where(c => c.ClosedDayId == closedDayId).Select(c => c.BookingId).ToListAsync(cancellationToken);
        var missing = affected.Select(b => b.Id).Except(known).ToList();
        if (missing.Count > 0)
        {
            // Two members of staff may open the same list at once: the unique index keeps one row per booking.
            await db.WriteAsync(
                async () =>
                {
                    foreach (var bookingId in missing)
                    {
                        await db.Database.ExecuteSqlRawAsync(
                            "INSERT INTO closure_calls (closed_day_id, booking_id, status) VALUES ({0}, {1}, {2}) ON CONFLICT (closed_day_id, booking_id) DO NOTHING",
                            [closedDayId, bookingId, (int)CallStatus.NotCalled],
                            cancellationToken);
                    }

                    return missing.Count;
                },
                cancellationToken);
        }

        var calls = await db.ClosureCalls.AsNoTracking().Where(c => c.ClosedDayId == closedDayId).ToListAsync(cancellationToken);
        var affectedIds = affected.Select(b => b.Id).ToHashSet();
        var elsewhereIds = calls.Select(c => c.BookingId).Where(id => !affectedIds.Contains(id)).ToList();
        var elsewhere = await db.Bookings.AsNoTracking().Where(b => elsewhereIds.Contains(b.Id)).ToListAsync(cancellationToken);
        var bookings = affected.Concat(elsewhere).ToDictionary(b => b.Id);
        var bookingIds = bookings.Keys.ToList();
        var cards = await db.BookedCards.AsNoTracking()
            .Where(c => bookingIds.Contains(c.BookingId) && c.Active)
            .OrderBy(c => c.Id)
            .Select(c => new { c.BookingId, Name = db.LedgerEntries.Where(e => e.ManagementNumber == c.ManagementNumber).Select(e => e.Name).FirstOrDefault() ?? c.ManagementNumber })
            .ToListAsync(cancellationToken);
        var names = cards.ToLookup(c => c.BookingId, c => c.Name);
        var staffIds = calls.Where(c => c.StaffId is not null).Select(c => c.StaffId!.Value).Distinct().ToList();
        var staff = await db.StaffAccounts.AsNoTracking().Where(s => staffIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var placeNames = await PlaceNamesAsync(cancellationToken);

        var lines = new List<CallLine>();
        foreach (var call in calls)
        {
            var booking = bookings.GetValueOrDefault(call.BookingId);
            if (booking is not null && places is not null && !places.Contains(booking.PlaceId))
            {
                continue;
            }

            if (booking is null && places is not null && closure.PlaceId is null)
            {
                // A cancelled booking of a city closure: its place is no longer known.
                continue;
            }

            lines.Add(new CallLine(
                call.BookingId,
                booking,
                booking is null ? null : PlaceName(placeNames, booking.PlaceId),
                [.. names[call.BookingId]],
                affectedIds.Contains(call.BookingId),
                call.Status,
                call.Note,
                call.StaffId is { } id ? staff.GetValueOrDefault(id) : null,
                call.UpdatedAt));
        }

        var ordered = lines
            .OrderBy(l => l.InClosure ? 0 : 1)
            .ThenBy(l => l.Booking?.Start ?? DateTimeOffset.MaxValue)
            .ThenBy(l => l.BookingId)
            .ToList();
        return new CallList(closure, PlaceName(placeNames, closure.PlaceId), ordered);
    }

    /// <summary>The start and end, in city time, of what a closure covers: the whole day or its hours.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Span(ClosedDay closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        return closure.WholeDay
            ? (SlotSchedule.At(closure.Date, TimeOnly.MinValue), SlotSchedule.At(closure.Date.AddDays(1), TimeOnly.MinValue))
            : (SlotSchedule.At(closure.Date, closure.From!.Value), SlotSchedule.At(closure.Date, closure.Until!.Value));
    }

    /// <summary>Bookings still to be kept (booked or checked in) whose time the closure covers, at its place or, for a city closure, anywhere.</summary>
    public static IQueryable<PickupBooking> Affected(MadoguchiDb db, ClosedDay closure, IReadOnlyCollection<int>? places)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (start, end) = Span(closure);
        var placeId = closure.PlaceId;
        var query = db.Bookings.Where(b => (placeId == null || b.PlaceId == placeId) && b.Start < end && b.End > start
            && (b.Status == BookingStatus.Booked || b.Status == BookingStatus.CheckedIn));
        return places is null ? query : query.Where(b => places.Contains(b.PlaceId));
    }

    public static async Task<ClosedDay?> FindAsync(MadoguchiDb db, int closedDayId, IReadOnlyCollection<int>? places, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var closure = await db.ClosedDays.AsNoTracking().SingleOrDefaultAsync(c => c.Id == closedDayId, cancellationToken);
        return closure is null || (closure.PlaceId is { } placeId && places is not null && !places.Contains(placeId)) ? null : closure;
    }

    private async Task<Dictionary<int, string>> PlaceNamesAsync(CancellationToken cancellationToken) =>
        await db.Places.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);

    private static string? PlaceName(Dictionary<int, string> names, int? placeId) =>
        placeId is { } id ? names.GetValueOrDefault(id) : null;
}
