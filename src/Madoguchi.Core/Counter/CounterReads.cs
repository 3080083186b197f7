using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Ledger;

namespace Madoguchi.Counter;

/// <summary>A card handed over, with the name of the staff member who handed it over.</summary>
public sealed record IssueAtCounter(CardIssue Issue, string IssuedByName, string? CorrectedByName);

/// <summary>One card of a booking as the counter sees it: the ledger entry it matches and its issue, if any.</summary>
public sealed record CardAtCounter(string ManagementNumber, bool Active, LedgerEntry? Entry, IssueAtCounter? Issue)
{
    /// <summary>The member's own time when the family was booked on consecutive times (ADR 0020); null when at the booking's time.</summary>
    public DateTimeOffset? Start { get; init; }

    public DateTimeOffset? End { get; init; }
}

/// <summary>A booking as the counter sees it, with each card's ledger entry.</summary>
public sealed record BookingAtCounter(
    long Id,
    string Code,
    int PlaceId,
    DateTimeOffset Start,
    DateTimeOffset End,
    int People,
    BookingStatus Status,
    int? Counter,
    DateTimeOffset? CheckedInAt,
    IReadOnlyList<CardAtCounter> Cards)
{
    public DateOnly Day => CounterWords.DayOf(Start);
}

/// <summary>Reads shared by the counter's handlers: the places a staff member works at, bookings with their ledger entries.</summary>
public static class CounterReads
{
    /// <summary>The places the staff member may work at, in the city's order.</summary>
    public static async Task<IReadOnlyList<Place>> PlacesAsync(MadoguchiDb db, Func<string, bool> mayWorkAt, CancellationToken cancellationToken = default)
    {
        var places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return places.Where(p => mayWorkAt(p.Code)).ToList();
    }

    /// <summary>The booking's place, or the refusal when the staff member does not work there.</summary>
    /// <summary>
    /// What a refused counter action names in the audit log, as the booking's page shows it again:
    /// the booking and, unless it was not found or is at another place, its cards' ledger entries.
    /// </summary>
    internal static async Task<List<string>> ShownRecordsAsync(MadoguchiDb db, long bookingId, Problem? problem, CancellationToken cancellationToken)
    {
        List<string> records = [$"booking:{bookingId}"];
        if (problem?.Code is "booking-not-found" or "place-not-allowed")
        {
            return records;
        }

        var entries = await db.BookedCards.AsNoTracking().Where(c => c.BookingId == bookingId)
            .Join(db.LedgerEntries, c => c.ManagementNumber, e => e.ManagementNumber, (c, e) => e.Id)
            .Distinct().ToListAsync(cancellationToken);
        records.AddRange(entries.Order().Select(e => $"ledger:{e}"));
        return records;
    }

    /// <summary>The booking and its place, or the refusal when there is no such booking or the staff member does not work at its place.</summary>
    internal static async Task<Outcome<(PickupBooking Booking, Place Place)>> BookingAtAsync(
        MadoguchiDb db, IQueryable<PickupBooking> bookings, long bookingId, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        var booking = await bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        if (booking is null)
        {
            return CounterProblems.BookingNotFound();
        }

        var place = await PlaceOfAsync(db, booking.PlaceId, allowedPlaces, cancellationToken);
        return place.Problem is { } notYours ? notYours : (booking, place.Value!);
    }

    internal static async Task<Outcome<Place>> PlaceOfAsync(MadoguchiDb db, int placeId, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        var place = await db.Places.AsNoTracking().SingleAsync(p => p.Id == placeId, cancellationToken);
        return allowedPlaces.Contains(place.Code) ? place : CounterProblems.NotYourPlace(place);
    }

    internal static async Task<IReadOnlyList<BookingAtCounter>> BookingsAsync(MadoguchiDb db, IQueryable<PickupBooking> query, CancellationToken cancellationToken)
    {
        var bookings = await query.AsNoTracking()
            .Include(b => b.Cards.OrderBy(c => c.Id))
            .OrderBy(b => b.Start).ThenBy(b => b.Id)
            .ToListAsync(cancellationToken);
        if (bookings.Count == 0)
        {
            return [];
        }

        var numbers = bookings.SelectMany(b => b.Cards).Select(c => c.ManagementNumber).Distinct().ToList();
        var entries = await db.LedgerEntries.AsNoTracking()
            .Where(e => numbers.Contains(e.ManagementNumber))
            .ToDictionaryAsync(e => e.ManagementNumber, cancellationToken);
        var memberSlotIds = bookings.SelectMany(b => b.Cards).Select(c => c.SlotId).OfType<long>().Distinct().ToList();
        var memberSlots = await db.Slots.AsNoTracking().Where(s => memberSlotIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var ids = bookings.Select(b => (long?)b.Id).ToList();
        var issues = await IssuesAsync(db, db.CardIssues.Where(i => ids.Contains(i.BookingId) && i.CorrectedAt == null), cancellationToken);
        return bookings.Select(b => new BookingAtCounter(
            b.Id, b.Code, b.PlaceId, b.Start.ToCityTime(), b.End.ToCityTime(), b.People, b.Status, b.Counter, b.CheckedInAt?.ToCityTime(),
            b.Cards.Select(c => new CardAtCounter(
                c.ManagementNumber,
                c.Active,
                entries.GetValueOrDefault(c.ManagementNumber),
                issues.LastOrDefault(i => i.Issue.BookingId == b.Id && i.Issue.ManagementNumber == c.ManagementNumber))
            {
                Start = c.SlotId is { } slot ? memberSlots[slot].Start.ToCityTime() : null,
                End = c.SlotId is { } until ? memberSlots[until].End.ToCityTime() : null,
            }).ToList())).ToList();
    }

    internal static async Task<IReadOnlyList<IssueAtCounter>> IssuesAsync(MadoguchiDb db, IQueryable<CardIssue> query, CancellationToken cancellationToken)
    {
        var issues = await query.AsNoTracking().OrderBy(i => i.IssuedAt).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        var staffIds = issues.Select(i => i.IssuedBy).Concat(issues.Select(i => i.CorrectedBy).OfType<int>()).Distinct().ToList();
        var names = await db.StaffAccounts.AsNoTracking()
            .Where(s => staffIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        return issues.Select(i => new IssueAtCounter(
            i,
            names.GetValueOrDefault(i.IssuedBy, $"職員 #{i.IssuedBy}"),
            i.CorrectedBy is { } by ? names.GetValueOrDefault(by, $"職員 #{by}") : null)).ToList();
    }
}
