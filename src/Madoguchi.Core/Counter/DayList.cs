using Madoguchi.Audit;
using Madoguchi.Calendar;

namespace Madoguchi.Counter;

/// <summary>The day's sheet of one place: its bookings in time order and the cards handed over without a booking.</summary>
public sealed record DaySheet(Place Place, DateOnly Day, int? Counter, IReadOnlyList<BookingAtCounter> Bookings, IReadOnlyList<WalkInAtCounter> WalkIns);

/// <summary>A card handed over without a booking (R5), with its ledger entry.</summary>
public sealed record WalkInAtCounter(IssueAtCounter Issued, Ledger.LedgerEntry? Entry);

/// <summary>
/// The day's list of a place (当日の一覧): every booking of the day in time order, each card with the
/// ledger entry it matches, optionally only those served at one counter. Shown
/// (<c>counter.daylist.view</c>) or saved (<c>export.counter.daylist.csv</c>, <c>.xlsx</c>), it is
/// recorded with every booking, issue and ledger entry on it, or as refused.
/// </summary>
public sealed class DayList(MadoguchiDb db, AuditTrail audit)
{
    /// <summary>The one day whose bookings the staff member may see (today for パート), or null for any day.</summary>
    public DateOnly? OnlyDay { get; init; }

    public Task<Outcome<DaySheet>> RunAsync(string placeCode, DateOnly day, int? counter, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken = default) =>
        RecordedAsync("counter.daylist.view", placeCode, day, counter, allowedPlaces, cancellationToken);

    /// <summary>The same list for Excel, <paramref name="format"/> <c>csv</c> or <c>xlsx</c>.</summary>
    public Task<Outcome<DaySheet>> ExportAsync(string format, string placeCode, DateOnly day, int? counter, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken = default) =>
        RecordedAsync($"export.counter.daylist.{format}", placeCode, day, counter, allowedPlaces, cancellationToken);

    /// <summary>An export asked for without a place, a day or a readable counter is refused, and recorded so.</summary>
    public Task RefuseExportAsync(string format, CancellationToken cancellationToken = default) =>
        audit.RecordAsync(db, $"export.counter.daylist.{format}", outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);

    private async Task<Outcome<DaySheet>> RecordedAsync(string action, string placeCode, DateOnly day, int? counter, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        var sheet = await ListAsync(placeCode, day, counter, allowedPlaces, cancellationToken);
        if (sheet.Value is not { } s)
        {
            await audit.RecordAsync(db, action, outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);
            return sheet;
        }

        var entries = s.Bookings.SelectMany(b => b.Cards).Select(c => c.Entry?.Id).Concat(s.WalkIns.Select(w => w.Entry?.Id)).OfType<long>().Distinct();
        await audit.RecordAsync(
            db,
            action,
            [
                .. s.Bookings.Select(b => $"booking:{b.Id}"),
                .. s.WalkIns.Select(w => $"issue:{w.Issued.Issue.Id}"),
                .. entries.Select(e => $"ledger:{e}"),
            ],
            cancellationToken: cancellationToken);
        return sheet;
    }

    private async Task<Outcome<DaySheet>> ListAsync(string placeCode, DateOnly day, int? counter, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        if (OnlyDay is { } today && day != today)
        {
            return CounterProblems.TodayOnly(today, day);
        }

        var place = await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Code == placeCode, cancellationToken);
        if (place is null)
        {
            return CounterProblems.UnknownPlace(placeCode);
        }

        if (!allowedPlaces.Contains(place.Code))
        {
            return CounterProblems.NotYourPlace(place);
        }

        if (counter is { } n && (n < 1 || n > place.Counters))
        {
            return CounterProblems.Refused("counter-invalid", $"{place.Name} の窓口は 1〜{place.Counters} 番です。窓口を選び直してください。", "counter");
        }

        var from = SlotSchedule.At(day, TimeOnly.MinValue);
        var until = SlotSchedule.At(day.AddDays(1), TimeOnly.MinValue);
        var bookings = db.Bookings.Where(b => b.PlaceId == place.Id && b.Start >= from && b.Start < until);
        if (counter is { } only)
        {
            bookings = bookings.Where(b => b.Counter == only);
        }

        var walkIns = db.CardIssues.Where(i => i.PlaceId == place.Id && i.BookingId == null && i.IssuedAt >= from && i.IssuedAt < until);
        if (counter is { } at)
        {
            walkIns = walkIns.Where(i => i.Counter == at);
        }

        var issued = await CounterReads.IssuesAsync(db, walkIns, cancellationToken);
        var numbers = issued.Select(i => i.Issue.ManagementNumber).Distinct().ToList();
        var entries = numbers.Count == 0
            ? []
            : await db.LedgerEntries.AsNoTracking()
                .Where(e => numbers.Contains(e.ManagementNumber))
                .ToDictionaryAsync(e => e.ManagementNumber, cancellationToken);
        return new DaySheet(
            place,
            day,
            counter,
            await CounterReads.BookingsAsync(db, bookings, cancellationToken),
            issued.Select(i => new WalkInAtCounter(i, entries.GetValueOrDefault(i.Issue.ManagementNumber))).ToList());
    }
}
