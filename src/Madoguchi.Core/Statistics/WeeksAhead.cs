using Madoguchi.Calendar;
using Madoguchi.Ledger;

namespace Madoguchi.Statistics;

/// <summary>
/// One week of the forecast. <see cref="Demand"/> = cards waiting at the week's start + the cards
/// expected to arrive in it; <see cref="Short"/> when that is more than the seats offered.
/// </summary>
public sealed record ForecastWeek(DateOnly From, DateOnly To, int WaitingAtStart, int ExpectedArrivals, int SeatsOffered, int SeatsBooked)
{
    public int Demand => WaitingAtStart + ExpectedArrivals;

    /// <summary>Seats left over (positive) or missing (negative).</summary>
    public int Balance => SeatsOffered - Demand;

    public bool Short => Demand > SeatsOffered;

    /// <summary>Carried into the next week: every seat offered is assumed to serve a waiting card.</summary>
    public int WaitingAtEnd => Math.Max(0, -Balance);
}

public sealed record Forecast(DateOnly Today, int WaitingNow, DateOnly ArrivalsFrom, DateOnly ArrivalsTo, int ArrivalsCounted, double ArrivalsPerWeek, IReadOnlyList<ForecastWeek> Weeks)
{
    public int ShortWeeks => Weeks.Count(w => w.Short);
}

/// <summary>
/// The weeks ahead (R11: open the temporary counters in time). For each week, Monday to Sunday:
/// the cards waiting at its start plus the cards expected to arrive in it, against the seats all
/// places offer in it (<see cref="SeatsOffered"/>). Expected arrivals are the plain average of the
/// last <see cref="PastWeeks"/> full weeks' arrivals (the ledger's arrival dates). The first week
/// runs from today to Sunday, with arrivals for its remaining days only. Cards not served in a
/// week are carried into the next. A card is one seat.
/// </summary>
public sealed class WeeksAhead(MadoguchiDb db, TimeProvider clock)
{
    public const int PastWeeks = 8;
    public const int DefaultWeeks = 8;
    public const int MostWeeks = 26;

    public async Task<Forecast> RunAsync(int weeks = DefaultWeeks, CancellationToken cancellationToken = default)
    {
        weeks = Math.Clamp(weeks, 1, MostWeeks);
        var today = clock.Today();
        var monday = StatisticsPeriod.Monday(today);
        var arrivalsFrom = monday.AddDays(-7 * PastWeeks);
        var arrivalsTo = monday.AddDays(-1);
        var arrived = await db.LedgerEntries.AsNoTracking().CountAsync(e => e.ArrivedOn >= arrivalsFrom && e.ArrivedOn <= arrivalsTo, cancellationToken);
        var waitingNow = await db.LedgerEntries.AsNoTracking().CountAsync(e => e.Status == CardStatus.Ready, cancellationToken);
        var perWeek = (double)arrived / PastWeeks;

        var last = monday.AddDays(7 * weeks - 1);
        var places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var seats = await SeatsOffered.ByDayAsync(db, places, today, last, cancellationToken);
        var start = SlotSchedule.At(today, TimeOnly.MinValue);
        var end = SlotSchedule.At(last.AddDays(1), TimeOnly.MinValue);
        var booked = (await db.Bookings.AsNoTracking()
                .Where(b => b.Start >= start && b.Start < end)
                .Select(b => new { b.Start, b.People })
                .ToListAsync(cancellationToken))
            .Select(b => (Day: DateOnly.FromDateTime(b.Start.ToCityTime().DateTime), b.People))
            .ToList();

        var list = new List<ForecastWeek>();
        var waiting = waitingNow;
        for (var w = 0; w < weeks; w++)
        {
            var from = w == 0 ? today : monday.AddDays(7 * w);
            var to = monday.AddDays(7 * w + 6);
            var days = to.DayNumber - from.DayNumber + 1;
            var week = new ForecastWeek(
                from,
                to,
                waiting,
                (int)Math.Round(perWeek * days / 7, MidpointRounding.AwayFromZero),
                seats.Where(s => s.Key.Day >= from && s.Key.Day <= to).Sum(s => s.Value),
                booked.Where(b => b.Day >= from && b.Day <= to).Sum(b => b.People));
            list.Add(week);
            waiting = week.WaitingAtEnd;
        }

        return new Forecast(today, waitingNow, arrivalsFrom, arrivalsTo, arrived, perWeek, list);
    }
}
