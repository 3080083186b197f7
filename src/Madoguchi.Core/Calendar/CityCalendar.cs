using Madoguchi.Calendar.Holidays;

namespace Madoguchi.Calendar;

/// <summary>
/// The city's closed days for a span of dates: national holidays (the imported Cabinet Office list
/// for the years it covers, else the list shipped with the app, else the law's rules), the
/// year-end closure 12/29–1/3, the city's own closed days and closures of single places.
/// </summary>
public sealed class CityCalendar
{
    private readonly Dictionary<DateOnly, string> _holidays;
    private readonly ILookup<DateOnly, ClosedDay> _closures;

    private CityCalendar(Dictionary<DateOnly, string> holidays, ILookup<DateOnly, ClosedDay> closures)
    {
        _holidays = holidays;
        _closures = closures;
    }

    public static async Task<CityCalendar> LoadAsync(MadoguchiDb db, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var imported = new List<ImportedHoliday>();
        for (var year = from.Year; year <= to.Year; year++)
        {
            imported.AddRange(await CalendarCache.ImportedHolidaysAsync(db, year, cancellationToken));
        }

        var closures = await db.ClosedDays.AsNoTracking()
            .Where(c => c.Date >= from && c.Date <= to).ToListAsync(cancellationToken);
        return Build(imported, closures, from.Year, to.Year);
    }

    public static CityCalendar Build(IReadOnlyList<ImportedHoliday> imported, IReadOnlyList<ClosedDay> closures, int firstYear, int lastYear)
    {
        var holidays = new Dictionary<DateOnly, string>();
        var importedYears = imported.Select(h => h.Date.Year).ToHashSet();
        for (var year = firstYear; year <= lastYear; year++)
        {
            IEnumerable<(DateOnly Date, string Name)> list = importedYears.Contains(year)
                ? imported.Where(h => h.Date.Year == year).Select(h => (h.Date, h.Name))
                : year >= ShippedHolidays.List.FirstYear && year <= ShippedHolidays.List.LastYear
                    ? ShippedHolidays.List.Holidays.Where(h => h.Date.Year == year).Select(h => (h.Date, h.Name))
                    : JapaneseHolidays.Compute(year).Select(h => (h.Date, h.Name));
            foreach (var (date, name) in list)
            {
                holidays[date] = name;
            }
        }

        return new CityCalendar(holidays, closures.ToLookup(c => c.Date));
    }

    public static bool IsYearEnd(DateOnly day) => (day.Month == 12 && day.Day >= 29) || (day.Month == 1 && day.Day <= 3);

    /// <summary>Why the whole city is closed on the day, or null when it is not.</summary>
    public ClosedDate? CityClosed(DateOnly day)
    {
        if (_holidays.TryGetValue(day, out var name))
        {
            return new ClosedDate(day, ClosedKind.NationalHoliday, name == "休日" ? "休日（振替休日・国民の休日）" : name);
        }

        if (IsYearEnd(day))
        {
            return new ClosedDate(day, ClosedKind.YearEnd, "年末年始");
        }

        var own = _closures[day].FirstOrDefault(c => c.PlaceId is null && c.WholeDay);
        return own is null ? null : new ClosedDate(day, ClosedKind.CityClosedDay, own.Reason);
    }

    public IEnumerable<ClosedDay> ClosuresOf(int placeId, DateOnly day) =>
        _closures[day].Where(c => c.PlaceId == placeId || (c.PlaceId is null && !c.WholeDay));

    /// <summary>Every closed day and closure in the span, for listings and the command line.</summary>
    public IEnumerable<ClosedDate> ClosedDates(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (CityClosed(day) is { } closed)
            {
                yield return closed;
            }

            foreach (var c in _closures[day].Where(c => c.PlaceId is not null || !c.WholeDay))
            {
                yield return new ClosedDate(day, c.PlaceId is null ? ClosedKind.CityClosedDay : ClosedKind.PlaceClosure, c.Reason, c.PlaceId, c.From, c.Until);
            }
        }
    }
}
