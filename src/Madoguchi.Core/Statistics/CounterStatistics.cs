using System.Globalization;

using Madoguchi.Booking;
using Madoguchi.Booking.Phone;
using Madoguchi.Calendar;
using Madoguchi.Exports;

namespace Madoguchi.Statistics;

/// <summary>
/// The supervisor's statistics (R11: is the counters' load spread?). It reads counts, statuses
/// and times only: slots, bookings (status, counter), card issues (with or without a booking;
/// corrected issues left out), the anonymous tombstones of cancelled bookings, closures, and the
/// ledger's status and arrival date. It never selects a name, address, date of birth, sex, phone
/// number or e-mail, so the 監査 role may read it. Times are grouped in Japan time.
/// </summary>
public sealed class CounterStatistics(MadoguchiDb db, TimeProvider clock)
{
    public async Task<CounterReport> RunAsync(StatisticsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var chosen = request.PlaceId is { } only ? places.Where(p => p.Id == only).ToList() : places;
        var ids = chosen.Select(p => p.Id).ToList();
        var start = SlotSchedule.At(request.From, TimeOnly.MinValue);
        var end = SlotSchedule.At(request.To.AddDays(1), TimeOnly.MinValue);

        var seats = await SeatsOffered.ByDayAsync(db, chosen, request.From, request.To, cancellationToken);
        var bookings = await db.Bookings.AsNoTracking()
            .Where(b => ids.Contains(b.PlaceId) && b.Start >= start && b.Start < end)
            .Select(b => new { b.PlaceId, b.Start, b.End, b.People, b.Status, b.Counter })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        bool IsUnmarked(BookingStatus status, DateTimeOffset slotEnd) => status is BookingStatus.Booked or BookingStatus.CheckedIn && slotEnd <= now;
        var issues = await db.CardIssues.AsNoTracking()
            .Where(i => ids.Contains(i.PlaceId) && i.IssuedAt >= start && i.IssuedAt < end && i.CorrectedAt == null)
            .Select(i => new { i.PlaceId, i.Counter, i.IssuedAt, WithBooking = i.BookingId != null })
            .ToListAsync(cancellationToken);
        var tombstones = await db.BookingTombstones.AsNoTracking()
            .Where(t => ids.Contains(t.PlaceId) && t.Start >= start && t.Start < end)
            .Select(t => new { t.PlaceId, t.Start, t.People, t.CancelledBy })
            .ToListAsync(cancellationToken);
        var closures = await db.ClosedDays.AsNoTracking()
            .Where(c => c.Date >= request.From && c.Date <= request.To)
            .Select(c => new { c.Date, c.PlaceId })
            .ToListAsync(cancellationToken);

        // One cell per place and day; periods and places are sums of cells.
        var cells = new Dictionary<(int PlaceId, DateOnly Day), Figures>();
        void Add(int placeId, DateOnly day, Figures figures) =>
            cells[(placeId, day)] = cells.GetValueOrDefault((placeId, day), Figures.None) + figures;

        foreach (var ((placeId, day), offered) in seats)
        {
            Add(placeId, day, Figures.None with { SeatsOffered = offered });
        }

        foreach (var b in bookings)
        {
            Add(b.PlaceId, DayOf(b.Start), Figures.None with { SeatsBooked = b.People, Bookings = 1, NoShows = b.Status == BookingStatus.NoShow ? 1 : 0, Unmarked = IsUnmarked(b.Status, b.End) ? 1 : 0 });
        }

        foreach (var i in issues)
        {
            Add(i.PlaceId, DayOf(i.IssuedAt), i.WithBooking ? Figures.None with { IssuedWithBooking = 1 } : Figures.None with { IssuedWalkIn = 1 });
        }

        foreach (var t in tombstones)
        {
            Add(t.PlaceId, DayOf(t.Start), Figures.None with { Cancellations = 1 });
        }

        foreach (var c in closures)
        {
            // A closure of the whole city closes every place that day.
            foreach (var id in c.PlaceId is { } one ? ids.Where(i => i == one) : ids)
            {
                Add(id, c.Date, Figures.None with { Closures = 1 });
            }
        }

        var periods = new List<PeriodFigures>();
        for (var p = StatisticsPeriod.StartOf(request.From, request.Period); p <= request.To; p = StatisticsPeriod.Next(p, request.Period))
        {
            var first = p < request.From ? request.From : p;
            var next = StatisticsPeriod.Next(p, request.Period).AddDays(-1);
            var last = next > request.To ? request.To : next;
            periods.Add(new PeriodFigures(first, last, StatisticsPeriod.Label(first, last, request.Period), Figures.Sum(cells.Where(c => c.Key.Day >= first && c.Key.Day <= last).Select(c => c.Value))));
        }

        var byPlace = chosen.Select(p => new PlaceFigures(p.Id, p.Code, p.Name, Figures.Sum(cells.Where(c => c.Key.PlaceId == p.Id).Select(c => c.Value)))).ToList();

        var checkedIn = bookings.Where(b => b.Counter is not null).GroupBy(b => (b.PlaceId, Counter: b.Counter!.Value)).ToDictionary(g => g.Key, g => g.Count());
        var unmarkedAt = bookings.Where(b => b.Counter is not null && IsUnmarked(b.Status, b.End)).GroupBy(b => (b.PlaceId, Counter: b.Counter!.Value)).ToDictionary(g => g.Key, g => g.Count());
        var issuedAt = issues.GroupBy(i => (i.PlaceId, i.Counter)).ToDictionary(g => g.Key, g => (With: g.Count(i => i.WithBooking), Without: g.Count(i => !i.WithBooking)));
        var byCounter = chosen
            .SelectMany(p => Enumerable.Range(1, Math.Max(p.Counters, issuedAt.Keys.Concat(checkedIn.Keys).Where(k => k.PlaceId == p.Id).Select(k => k.Counter).DefaultIfEmpty(0).Max()))
                .Select(n => new CounterFigures(p.Id, p.Name, n, checkedIn.GetValueOrDefault((p.Id, n)), issuedAt.GetValueOrDefault((p.Id, n)).With, issuedAt.GetValueOrDefault((p.Id, n)).Without, unmarkedAt.GetValueOrDefault((p.Id, n)))))
            .ToList();

        var hours = Hours(issues.Select(i => i.IssuedAt.ToCityTime().Hour).ToList(), bookings.Select(b => (b.Start.ToCityTime().Hour, b.People)).ToList());

        var cancellations = tombstones.GroupBy(t => t.CancelledBy)
            .Select(g => new CancellationFigures(g.Key, CancelledByJapanese(g.Key), g.Count(), g.Sum(t => t.People)))
            .OrderByDescending(c => c.Bookings).ThenBy(c => c.CancelledBy, StringComparer.Ordinal)
            .ToList();

        var (fiscalYear, yearFirst, _) = StatisticsPeriod.FiscalYear(request.To);
        var yearStart = SlotSchedule.At(yearFirst, TimeOnly.MinValue);
        var yearIssues = db.CardIssues.AsNoTracking().Where(i => ids.Contains(i.PlaceId) && i.IssuedAt >= yearStart && i.IssuedAt < end && i.CorrectedAt == null);
        var year = new YearShare(
            fiscalYear,
            yearFirst,
            request.To,
            await yearIssues.CountAsync(i => i.BookingId != null, cancellationToken),
            await yearIssues.CountAsync(cancellationToken));

        var waiting = await new WaitingCards(db, clock).RunAsync(cancellationToken);
        return new CounterReport(request, places, request.PlaceId is { } pid ? places.Single(p => p.Id == pid) : null, periods, byPlace, byCounter, hours, cancellations, year, waiting);
    }

    /// <summary>Only hours in which something happened, widened to the usual opening hours (8:00–18:00) so that days compare.</summary>
    private static List<HourFigures> Hours(List<int> issued, List<(int Hour, int People)> booked)
    {
        var used = issued.Concat(booked.Select(b => b.Hour)).ToList();
        var first = Math.Min(8, used.DefaultIfEmpty(8).Min());
        var last = Math.Max(17, used.DefaultIfEmpty(17).Max());
        return [.. Enumerable.Range(first, last - first + 1).Select(h => new HourFigures(h, issued.Count(i => i == h), booked.Where(b => b.Hour == h).Sum(b => b.People)))];
    }

    public static string CancelledByJapanese(string cancelledBy) => cancelledBy switch
    {
        BookingTombstones.ByCitizen => "市民（インターネット）",
        BookingTombstones.ByPhone => "職員（電話）",
        BookingTombstones.ByClosure => "閉鎖による取消",
        Booking.Phone.BookingTombstones.ByDestroyedCard => "カードの廃棄・取消",
        _ => cancelledBy,
    };

    private static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToCityTime().DateTime);
}
