using System.Data.Common;

using Madoguchi.Calendar;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Madoguchi.Booking;

/// <summary>Part of a family in one slot.</summary>
public sealed record SeatPart(SlotTime Time, int People);

/// <summary>Seats a booking holds in one slot.</summary>
public sealed record SeatsInSlot(long SlotId, int People);

/// <summary>A checked request for seats: the place and time, the proven cards, and where each part of the family sits.</summary>
public sealed record SeatRequest(Place Place, SlotTime Time, IReadOnlyList<string> Numbers, IReadOnlyList<SeatPart> Plan);

/// <summary>
/// The seat ledger: the only code that changes <c>slots.taken</c> (an architecture test keeps it so).
/// Taking, giving back and moving seats happen here, inside the caller's transaction. The database
/// decides who gets a seat: one conditional update (taken + n &lt;= capacity) per slot, never an
/// in-process lock, so any number of web processes on one database cannot overbook. Locks are taken
/// in one order everywhere: bookings, then holds, then slots, each by id (ADR 0006).
/// </summary>
public sealed class Seats(MadoguchiDb db, TimeProvider clock, BookingSettings settings)
{
    public async Task<Outcome<(Place Place, SlotTime Time)>> CheckBookableAsync(int placeId, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var place = await CalendarCache.PlaceAsync(db, placeId, cancellationToken);
        if (place is null)
        {
            return BookingProblems.InvalidInput("交付場所が見つかりません。交付場所の一覧から選び直してください。", "placeId");
        }

        var local = start.ToCityTime();
        var day = DateOnly.FromDateTime(local.DateTime);
        var (first, last) = settings.Window(clock.Now());
        if (day < first || day > last)
        {
            return BookingProblems.OutsideWindow(first, last);
        }

        var calendar = await CityCalendar.LoadAsync(db, day, day, cancellationToken);
        var schedule = SlotSchedule.Day(place, day, calendar);
        if (!schedule.Open)
        {
            return BookingProblems.PlaceClosed(schedule.ClosedReason ?? "休業日");
        }

        var time = schedule.Slots.FirstOrDefault(s => s.Start == local);
        if (time is null)
        {
            return calendar.ClosuresOf(place.Id, day).FirstOrDefault(c => c.Covers(TimeOnly.FromDateTime(local.DateTime), TimeOnly.FromDateTime(local.DateTime).AddMinutes(place.SlotMinutes))) is { } closure
                ? BookingProblems.PlaceClosed(closure.Reason)
                : BookingProblems.InvalidInput("この時刻は予約枠の始まりではありません。カレンダーに表示された時刻から選んでください。", "start");
        }

        return (place, time);
    }

    /// <summary>
    /// What a hold and a direct booking do before any seat is taken, in this order: a full slot is
    /// answered before the cards are checked (a burst of late comers costs one read), then the cards
    /// (by <paramref name="checkCards"/>, which differs between the citizen, the staff and a hold), the
    /// place and time, and where the family sits.
    /// </summary>
    public async Task<Outcome<SeatRequest>> PrepareAsync(int placeId, DateTimeOffset start, int cards, Func<Task<Outcome<IReadOnlyList<string>>>> checkCards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkCards);

        // With consecutive times a family needs only one free seat at the chosen time to start.
        var atStart = settings.ConsecutiveTimes ? Math.Min(1, cards) : cards;
        if (cards > 0 && await ClearlyFullAsync(placeId, start, atStart, cancellationToken))
        {
            return BookingProblems.SlotFull();
        }

        var checkedCards = await checkCards();
        if (checkedCards.Problem is { } problem)
        {
            return problem;
        }

        var bookable = await CheckBookableAsync(placeId, start, cancellationToken);
        if (bookable.Problem is { } closed)
        {
            return closed;
        }

        var numbers = checkedCards.Value!;
        var (place, time) = bookable.Value;
        return await PlanAsync(place, time, numbers.Count, cancellationToken) is { } plan
            ? new SeatRequest(place, time, numbers, plan)
            : BookingProblems.PartyDoesNotFit(numbers.Count);
    }

    /// <summary>The seats a slot offers: its row's capacity once the row is made (staff may have changed it), else the place's seats per slot.</summary>
    public static int Offered(Place place, int? rowCapacity)
    {
        ArgumentNullException.ThrowIfNull(place);
        return rowCapacity ?? place.Seats;
    }

    /// <summary>
    /// A read before any write: true when the slot is full and no expired hold could free a seat,
    /// so a burst of late comers is answered without queueing for the writer. A slot that merely
    /// looks free still goes through the conditional update.
    /// </summary>
    public async Task<bool> ClearlyFullAsync(int placeId, DateTimeOffset start, int seats, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var slot = await db.Slots.AsNoTracking().Where(s => s.PlaceId == placeId && s.Start == start)
            .Select(s => new { s.Capacity, s.Taken, Expired = db.Holds.Any(h => (h.SlotId == s.Id || h.Cards.Any(c => c.SlotId == s.Id)) && h.ExpiresAt <= now) })
            .SingleOrDefaultAsync(cancellationToken);
        return slot is not null && slot.Taken + seats > slot.Capacity && !slot.Expired;
    }

    /// <summary>
    /// Where a family of <paramref name="people"/> sits from the chosen time: the whole family in
    /// that slot when it has room (or when consecutive times are off), else, where the city allows
    /// it, one after another on the following slots of the day (ADR 0020). Null when neither fits.
    /// Read without locks: the takes that follow decide, all or nothing.
    /// </summary>
    public async Task<IReadOnlyList<SeatPart>?> PlanAsync(Place place, SlotTime time, int people, CancellationToken cancellationToken)
    {
        if (people <= 1 || !settings.ConsecutiveTimes)
        {
            return [new SeatPart(time, people)];
        }

        var day = DateOnly.FromDateTime(time.Start.ToCityTime().DateTime);
        var slots = await new SlotAvailability(db, clock, settings).SlotsAsync(place, day, day, cancellationToken);
        var index = slots.ToList().FindIndex(s => s.Start == time.Start);
        if (index < 0)
        {
            return [new SeatPart(time, people)];
        }

        var fit = SlotAvailability.Fit(slots, index, people, consecutive: true);
        return fit?.Select((n, i) => new SeatPart(new SlotTime(slots[index + i].Start, slots[index + i].End), n)).ToList();
    }

    /// <summary>
    /// Takes the planned seats for the cards; a card's earlier hold (another time it looked at)
    /// gives its seats back first, so one person never sits on two slots. Every part is a
    /// conditional update; one that fails answers slot-full and the caller rolls all back.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<long>>> TakeForCardsAsync(Place place, IReadOnlyList<SeatPart> plan, IReadOnlyList<string> numbers, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // Requests for the same card (a double tap, two tabs) take their turn here, in a fixed
            // order, instead of locking slots and hold rows in opposite orders and deadlocking.
            foreach (var number in numbers.Order(StringComparer.Ordinal))
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext({0}))", [number], cancellationToken);
            }
        }

        var earlier = await db.HoldCards.AsNoTracking().Where(c => numbers.Contains(c.ManagementNumber)).Select(c => c.HoldId).Distinct().ToListAsync(cancellationToken);
        if (db.Provider == DatabaseProvider.Postgres && (earlier.Count > 0 || plan.Count > 1))
        {
            var targets = new List<long>();
            foreach (var part in plan)
            {
                targets.Add(await EnsureSlotAsync(place, part.Time, cancellationToken));
            }

            await LockMoveAsync(earlier, targets, cancellationToken);
        }

        foreach (var id in earlier)
        {
            await ReleaseHoldAsync(id, cancellationToken);
        }

        var taken = new List<long>();
        foreach (var part in plan)
        {
            var one = await TakeAsync(place, part.Time, part.People, cancellationToken);
            if (one.Problem is { } full)
            {
                return plan.Count > 1 ? BookingProblems.ConsecutiveFull() : full;
            }

            taken.Add(one.Value);
        }

        return taken;
    }

    /// <summary>
    /// A card moving to another time gives back one slot's seat and takes another's. Two cards
    /// moving crosswise at once (9:00 to 9:15 and 9:15 to 9:00) would lock the two slots in opposite
    /// orders and deadlock; so the earlier holds are locked first (as a confirm and the sweeper do),
    /// then every slot involved (the earlier holds' and the targets'), in id order. A family taking
    /// consecutive slots locks them here in id order too (ADR 0015, 0020).
    /// </summary>
    private async Task LockMoveAsync(List<Guid> holds, List<long> targets, CancellationToken cancellationToken)
    {
        var slots = await db.Database.SqlQueryRaw<long>(
            "SELECT slot_id AS \"Value\" FROM holds WHERE id = ANY({0}) ORDER BY id FOR UPDATE", holds.ToArray()).ToListAsync(cancellationToken);
        slots.AddRange(await db.HoldCards.AsNoTracking().Where(c => holds.Contains(c.HoldId) && c.SlotId != null).Select(c => c.SlotId!.Value).ToListAsync(cancellationToken));
        slots.AddRange(targets);
        await db.Database.ExecuteSqlRawAsync(
            "SELECT id FROM slots WHERE id = ANY({0}) ORDER BY id FOR UPDATE", [slots.Distinct().ToArray()], cancellationToken);
    }

    private async Task<long> EnsureSlotAsync(Place place, SlotTime time, CancellationToken cancellationToken)
    {
        var slotId = await SlotIdAsync(place.Id, time.Start, cancellationToken);
        if (slotId is null)
        {
            await ExecuteAsync(
                "INSERT INTO slots (place_id, start, \"end\", capacity, taken) VALUES ({0}, {1}, {2}, {3}, 0) ON CONFLICT (place_id, start) DO NOTHING",
                cancellationToken, place.Id, db.Instant(time.Start), db.Instant(time.End), Offered(place, null));
            slotId = await SlotIdAsync(place.Id, time.Start, cancellationToken);
        }

        return slotId!.Value;
    }

    /// <summary>Takes seats in the slot, creating its row on first use; a full slot answers slot-full.</summary>
    public async Task<Outcome<long>> TakeAsync(Place place, SlotTime time, int seats, CancellationToken cancellationToken)
    {
        // The common case in one statement: the slot's row exists and has room (issue 14).
        var took = await db.Database.SqlQueryRaw<long>(
            "UPDATE slots SET taken = taken + {0} WHERE place_id = {1} AND start = {2} AND taken + {0} <= capacity RETURNING id AS \"Value\"",
            seats,
            place.Id,
            db.Instant(time.Start)).ToListAsync(cancellationToken);
        if (took.Count == 1)
        {
            return took[0];
        }

        long? slotId = await EnsureSlotAsync(place, time, cancellationToken);
        const string Take = "UPDATE slots SET taken = taken + {0} WHERE id = {1} AND taken + {0} <= capacity";
        if (await ExecuteAsync(Take, cancellationToken, seats, slotId!) == 1)
        {
            return slotId!.Value;
        }

        // Full, unless holds that ran out still sit on seats: give those back and try once more.
        return await ReleaseExpiredUnlockedAsync(slotId!.Value, cancellationToken) > 0 && await ExecuteAsync(Take, cancellationToken, seats, slotId!) == 1
            ? slotId!.Value
            : BookingProblems.SlotFull();
    }

    /// <summary>
    /// The seats a booking sits on: its own slot's, or each member's slot's when the family was booked
    /// on consecutive times (ADR 0020). Read before the booking or its cards are deleted.
    /// </summary>
    public static async Task<IReadOnlyList<SeatsInSlot>> SeatsOfAsync(MadoguchiDb db, long bookingId, long slotId, int people, CancellationToken cancellationToken)
    {
        var parts = await db.BookedCards.AsNoTracking().Where(c => c.BookingId == bookingId && c.Active && c.SlotId != null)
            .GroupBy(c => c.SlotId!.Value).Select(g => new SeatsInSlot(g.Key, g.Count())).ToListAsync(cancellationToken);
        return parts.Count == 0 ? [new SeatsInSlot(slotId, people)] : parts.OrderBy(p => p.SlotId).ToList();
    }

    /// <summary>Gives the seats back, slot by slot in id order.</summary>
    public static async Task GiveBackAsync(MadoguchiDb db, IReadOnlyList<SeatsInSlot> seats, CancellationToken cancellationToken)
    {
        foreach (var part in seats.OrderBy(p => p.SlotId))
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE slots SET taken = taken - {0} WHERE id = {1}", [part.People, part.SlotId], cancellationToken);
        }
    }

    /// <summary>The slots a booking's members sit in besides its own (consecutive times), for locking in id order.</summary>
    private static async Task<IReadOnlyList<long>> MemberSlotsAsync(MadoguchiDb db, IEnumerable<long> bookingIds, CancellationToken cancellationToken)
    {
        var ids = bookingIds.ToList();
        return await db.BookedCards.AsNoTracking().Where(c => ids.Contains(c.BookingId) && c.SlotId != null).Select(c => c.SlotId!.Value).Distinct().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Moves a booking to the first of <paramref name="times"/> at <paramref name="place"/> that has
    /// room for it, after <see cref="LockForMoveAsync"/>: the new seats are taken by the conditional
    /// update, the booking moves only if nobody moved, cancelled or checked it in since it was read,
    /// and then its old seats go back (each member's, for a family on consecutive times, who come
    /// together at the new time: ADR 0020). On a problem the caller rolls the transaction back.
    /// </summary>
    public async Task<Outcome<(SlotTime Time, long SlotId)>> MoveAsync(PickupBooking booking, Place place, IEnumerable<SlotTime> times, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booking);
        ArgumentNullException.ThrowIfNull(times);
        foreach (var time in times)
        {
            var taken = await TakeAsync(place, time, booking.People, cancellationToken);
            if (!taken.Ok)
            {
                continue;
            }

            var slotId = taken.Value;
            var moved = await db.Bookings
                .Where(b => b.Id == booking.Id && b.SlotId == booking.SlotId && b.Status == BookingStatus.Booked)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(b => b.SlotId, slotId).SetProperty(b => b.PlaceId, place.Id).SetProperty(b => b.Start, time.Start).SetProperty(b => b.End, time.End),
                    cancellationToken);
            if (moved == 0)
            {
                return Phone.PhoneProblems.ChangedMeanwhile();
            }

            await GiveBackAsync(db, await SeatsOfAsync(db, booking.Id, booking.SlotId, booking.People, cancellationToken), cancellationToken);
            await db.BookedCards.Where(c => c.BookingId == booking.Id && c.SlotId != null).ExecuteUpdateAsync(s => s.SetProperty(c => c.SlotId, (long?)null), cancellationToken);
            return (time, slotId);
        }

        return BookingProblems.SlotFull();
    }

    /// <summary>
    /// Cards leaving a booking that stays (a family member's card destroyed, or the last card of a
    /// booking whose other cards were handed over): the booking counts fewer people, takes
    /// <paramref name="status"/>, and each leaving card's seat goes back to its own slot.
    /// </summary>
    public static async Task LeaveAsync(MadoguchiDb db, PickupBooking booking, IReadOnlyList<BookedCard> leaving, BookingStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(booking);
        ArgumentNullException.ThrowIfNull(leaving);
        var ids = leaving.Select(c => c.Id).ToList();
        await db.BookedCards.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Active, false), cancellationToken);
        await db.Bookings.Where(b => b.Id == booking.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.People, b => b.People - leaving.Count).SetProperty(b => b.Status, status), cancellationToken);
        await GiveBackAsync(db, leaving.GroupBy(c => c.SlotId ?? booking.SlotId).Select(g => new SeatsInSlot(g.Key, g.Count())).ToList(), cancellationToken);
    }

    /// <summary>
    /// Before moving bookings on PostgreSQL: locks them, then their slots (each member's too) and
    /// the target places' slots within the targets' span, in id order (see <see cref="LockSlotsAsync"/>).
    /// </summary>
    public async Task LockForMoveAsync(IReadOnlyCollection<PickupBooking> bookings, IEnumerable<int> placeIds, IReadOnlyCollection<SlotTime> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bookings);
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        var members = await MemberSlotsAsync(db, bookings.Select(b => b.Id), cancellationToken);
        await LockSlotsAsync(bookings.Select(b => b.Id), bookings.Select(b => b.SlotId).Concat(members), placeIds, targets, cancellationToken);
    }

    /// <summary>
    /// On PostgreSQL, locks the bookings being moved, then the given slots and the places' slots that
    /// begin within the targets' span, each in id order, before anything else in the transaction locks
    /// one of them. Two staff moves crossing between the same slots, or a move and a cancel of the same
    /// booking, then queue instead of deadlocking. SQLite has one writer.
    /// </summary>
    private async Task LockSlotsAsync(IEnumerable<long> bookingIds, IEnumerable<long> slotIds, IEnumerable<int> placeIds, IReadOnlyCollection<SlotTime> targets, CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        // The bookings first, as a cancel does (it deletes the booking, then gives back its seats):
        // a move and a cancel of the same booking then queue instead of deadlocking.
        await db.Database.ExecuteSqlRawAsync(
            "SELECT id FROM bookings WHERE id = ANY({0}) ORDER BY id FOR UPDATE",
            [bookingIds.Distinct().ToArray()],
            cancellationToken);
        var (from, until) = targets.Count == 0 ? (DateTimeOffset.MinValue, DateTimeOffset.MinValue) : (targets.Min(t => t.Start), targets.Max(t => t.End));
        await db.Database.ExecuteSqlRawAsync(
            "SELECT id FROM slots WHERE id = ANY({0}) OR (place_id = ANY({1}) AND start >= {2} AND start < {3}) ORDER BY id FOR UPDATE",
            [slotIds.Distinct().ToArray(), placeIds.Distinct().ToArray(), db.Instant(from), db.Instant(until)],
            cancellationToken);
    }

    /// <summary>
    /// Gives back the slot's expired holds while a take may already hold the slot's lock (a move
    /// locks its slots first). A confirm and the sweeper lock a hold, then its slot; waiting here for
    /// a hold they have locked would deadlock. So on PostgreSQL such a hold is skipped: it is being
    /// confirmed or given back by the other transaction, and its seat stays counted until then.
    /// </summary>
    private async Task<int> ReleaseExpiredUnlockedAsync(long slotId, CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return await ReleaseExpiredAsync(slotId, cancellationToken);
        }

        var expired = await db.Database.SqlQueryRaw<Guid>(
            "SELECT id AS \"Value\" FROM holds h WHERE (slot_id = {0} OR EXISTS (SELECT 1 FROM hold_cards c WHERE c.hold_id = h.id AND c.slot_id = {0})) AND expires_at <= {1} ORDER BY id FOR UPDATE SKIP LOCKED",
            slotId,
            db.Instant(clock.GetUtcNow())).ToListAsync(cancellationToken);
        var released = 0;
        foreach (var id in expired)
        {
            released += await ReleaseHoldAsync(id, cancellationToken) ? 1 : 0;
        }

        return released;
    }

    private async Task<long?> SlotIdAsync(int placeId, DateTimeOffset start, CancellationToken cancellationToken) =>
        await db.Slots.AsNoTracking().Where(s => s.PlaceId == placeId && s.Start == start).Select(s => (long?)s.Id).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Gives back the seats of holds that ran out, for one slot or (slotId null) for all.</summary>
    public async Task<int> ReleaseExpiredAsync(long? slotId, CancellationToken cancellationToken)
    {
        var expired = await db.Holds.AsNoTracking()
            .Where(h => (slotId == null || h.SlotId == slotId || h.Cards.Any(c => c.SlotId == slotId)) && h.ExpiresAt <= clock.GetUtcNow())
            .Select(h => h.Id).ToListAsync(cancellationToken);
        var released = 0;
        foreach (var id in expired)
        {
            released += await ReleaseHoldAsync(id, cancellationToken) ? 1 : 0;
        }

        return released;
    }

    /// <summary>
    /// Deletes a hold and gives its seats back; false when another request already did (or confirmed it).
    /// The hold's row is locked first, in the same order as a confirm takes it, so a release and a
    /// confirm of one hold from two processes queue instead of deadlocking over its cards.
    /// </summary>
    public async Task<bool> ReleaseHoldAsync(Guid holdId, CancellationToken cancellationToken)
    {
        var hold = await db.LockedHoldAsync(holdId, cancellationToken);
        if (hold is null)
        {
            return false;
        }

        var parts = await db.HoldCards.AsNoTracking().Where(c => c.HoldId == holdId && c.SlotId != null)
            .GroupBy(c => c.SlotId!.Value).Select(g => new { Slot = g.Key, People = g.Count() }).ToListAsync(cancellationToken);
        await db.HoldCards.Where(c => c.HoldId == holdId).ExecuteDeleteAsync(cancellationToken);
        if (await db.Holds.Where(h => h.Id == holdId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        if (parts.Count == 0)
        {
            await ExecuteAsync("UPDATE slots SET taken = taken - {0} WHERE id = {1}", cancellationToken, hold.Seats, hold.SlotId);
            return true;
        }

        // A family on consecutive times (ADR 0020): each member's seat goes back to its slot, in id order.
        foreach (var part in parts.OrderBy(p => p.Slot))
        {
            await ExecuteAsync("UPDATE slots SET taken = taken - {0} WHERE id = {1}", cancellationToken, part.People, part.Slot);
        }

        return true;
    }

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] parameters) =>
        db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);

    public static bool IsUniqueViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }
                || e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsBusy(DbException exception) => exception is SqliteException { SqliteErrorCode: 5 or 6 };
}
