using System.Globalization;

using Madoguchi.Audit;
using Madoguchi.Calendar.Holidays;

namespace Madoguchi.Calendar;

/// <summary>One year of a holidays file: its rows, and how many imported rows of that year they replace.</summary>
/// <param name="Partial">The year has no 元日 (1/1), so the file most likely holds only part of it.</param>
public sealed record HolidayFileYear(int Year, int Holidays, int Replaced, bool Partial);

/// <summary>
/// What <see cref="ImportHolidays"/> found or did. With errors nothing was stored and there are no
/// years; otherwise <see cref="Stored"/> says whether the years were replaced or only checked.
/// </summary>
public sealed record HolidayImportResult(bool Stored, IReadOnlyList<string> Errors, IReadOnlyList<HolidayFileYear> Years)
{
    public bool Refused => Errors.Count > 0;

    public int Holidays => Years.Sum(y => y.Holidays);

    public int Replaced => Years.Sum(y => y.Replaced);
}

/// <summary>Where the national holidays of a year come from (see <see cref="CityCalendar"/>).</summary>
public enum HolidaySource
{
    /// <summary>The Cabinet Office's list as the city imported it.</summary>
    Imported,

    /// <summary>The list built into the application (Calendar/Holidays/syukujitsu.csv).</summary>
    Shipped,

    /// <summary>Computed by the law's rules (<see cref="JapaneseHolidays.Compute"/>).</summary>
    Rules,
}

public sealed record HolidayYearSource(int Year, HolidaySource Source, int Holidays);

/// <summary>
/// Imports the Cabinet Office's syukujitsu.csv. A file with any error is refused whole and nothing
/// is stored. Otherwise, in one transaction, the file's rows replace the imported holidays of every
/// year the file has at least one row in. A year counts as covered only by having rows: a year
/// inside the file's span without rows, or outside it, keeps what was imported before, and a year
/// with only some rows (a file starting mid-year) is replaced by just those rows, because the
/// calendar takes a year from the imported list as soon as it holds any row of it. Such a year is
/// flagged <see cref="HolidayFileYear.Partial"/> so that staff see it before importing.
/// </summary>
public sealed class ImportHolidays(MadoguchiDb db, AuditTrail audit)
{
    public const string Action = "calendar.holidays.import";

    /// <summary>The longest name the imported list keeps (the column's length).</summary>
    public const int NameLength = 60;

    /// <summary>Reads the file and says what an import would do, storing nothing.</summary>
    public Task<HolidayImportResult> CheckAsync(Stream file, CancellationToken cancellationToken = default) =>
        RunAsync(file, store: false, cancellationToken);

    public Task<HolidayImportResult> RunAsync(Stream file, CancellationToken cancellationToken = default) =>
        RunAsync(file, store: true, cancellationToken);

    /// <summary>An import whose checked file never arrived is recorded as refused.</summary>
    public Task RefuseAsync(CancellationToken cancellationToken = default) =>
        audit.RecordAsync(db, Action, outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);

    /// <summary>Where each year's holidays come from, for the years asked.</summary>
    public static async Task<IReadOnlyList<HolidayYearSource>> SourcesAsync(MadoguchiDb db, int firstYear, int lastYear, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var imported = await ImportedYearsAsync(db, cancellationToken);
        var shipped = ShippedHolidays.List;
        return [.. Enumerable.Range(firstYear, lastYear - firstYear + 1).Select(year =>
            imported.TryGetValue(year, out var count) ? new HolidayYearSource(year, HolidaySource.Imported, count)
            : year >= shipped.FirstYear && year <= shipped.LastYear
                ? new HolidayYearSource(year, HolidaySource.Shipped, shipped.Holidays.Count(h => h.Date.Year == year))
                : new HolidayYearSource(year, HolidaySource.Rules, year is >= JapaneseHolidays.FirstYear and <= JapaneseHolidays.LastYear ? JapaneseHolidays.Compute(year).Count : 0))];
    }

    /// <summary>The years held in the imported list, with their number of holidays.</summary>
    public static async Task<IReadOnlyDictionary<int, int>> ImportedYearsAsync(MadoguchiDb db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var dates = await db.ImportedHolidays.AsNoTracking().Select(h => h.Date).ToListAsync(cancellationToken);
        return dates.GroupBy(d => d.Year).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
    }

    private async Task<HolidayImportResult> RunAsync(Stream file, bool store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var read = SyukujitsuFile.Read(file);
        var errors = read.Errors.Count > 0
            ? read.Errors
            : [.. read.Holidays.Where(h => h.Name.Length > NameLength).Select(h =>
                $"{h.Date.ToString("yyyy/M/d", CultureInfo.InvariantCulture)} の名称「{h.Name}」が長すぎます（{h.Name.Length}文字）。{NameLength}文字以内に直してください。")];
        if (errors.Count > 0)
        {
            if (store)
            {
                await audit.RecordAsync(db, Action, outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);
            }

            return new HolidayImportResult(false, errors, []);
        }

        var byYear = read.Holidays.GroupBy(h => h.Date.Year).OrderBy(g => g.Key).ToList();
        if (!store)
        {
            var imported = await ImportedYearsAsync(db, cancellationToken);
            return new HolidayImportResult(false, [], [.. byYear.Select(g => Year(g, imported.GetValueOrDefault(g.Key)))]);
        }

        var stored = await db.InTransactionAsync<HolidayImportResult>(async () =>
        {
            var years = new List<HolidayFileYear>();
            foreach (var year in byYear)
            {
                var first = new DateOnly(year.Key, 1, 1);
                var last = new DateOnly(year.Key, 12, 31);
                var removed = await db.ImportedHolidays.Where(h => h.Date >= first && h.Date <= last).ExecuteDeleteAsync(cancellationToken);
                db.ImportedHolidays.AddRange(year.Select(h => new ImportedHoliday { Date = h.Date, Name = h.Name }));
                years.Add(Year(year, removed));
            }

            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(db, Action, [.. years.Select(y => $"holidays:{y.Year}")], cancellationToken: cancellationToken);
            return (true, new HolidayImportResult(true, [], years));
        }, cancellationToken);

        // This process sees the new list at once; other processes within the cache's lifetime.
        CalendarCache.Clear();
        return stored;
    }

    private static HolidayFileYear Year(IGrouping<int, NationalHoliday> year, int replaced) =>
        new(year.Key, year.Count(), replaced, !year.Any(h => h.Date == new DateOnly(year.Key, 1, 1)));
}
