using System.Collections.Concurrent;

namespace Madoguchi.Calendar;

/// <summary>
/// Places and imported holidays change a few times a year but are read on every booking step, so
/// each process keeps them for a few seconds. Closures are never cached: a closure stops new
/// bookings at once. Changes made in this process clear the cache at once; other processes
/// see them within <see cref="Lifetime"/>. Ages are measured on the monotonic tick count, not the city's clock.
/// </summary>
public static class CalendarCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private static readonly ConcurrentDictionary<string, (long At, IReadOnlyList<Place> Places)> PlaceLists = new();
    private static readonly ConcurrentDictionary<(string, int), (long At, IReadOnlyList<ImportedHoliday> Days)> Holidays = new();

    public static async Task<IReadOnlyList<Place>> PlacesAsync(MadoguchiDb db, CancellationToken cancellationToken = default)
    {
        var key = db.Database.GetConnectionString() ?? "";
        if (PlaceLists.TryGetValue(key, out var cached) && Environment.TickCount64 - cached.At < (long)Lifetime.TotalMilliseconds)
        {
            return cached.Places;
        }

        var places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        PlaceLists[key] = (Environment.TickCount64, places);
        return places;
    }

    public static async Task<Place?> PlaceAsync(MadoguchiDb db, int id, CancellationToken cancellationToken = default) =>
        (await PlacesAsync(db, cancellationToken)).FirstOrDefault(p => p.Id == id);

    public static async Task<IReadOnlyList<ImportedHoliday>> ImportedHolidaysAsync(MadoguchiDb db, int year, CancellationToken cancellationToken = default)
    {
        var key = (db.Database.GetConnectionString() ?? "", year);
        if (Holidays.TryGetValue(key, out var cached) && Environment.TickCount64 - cached.At < (long)Lifetime.TotalMilliseconds)
        {
            return cached.Days;
        }

        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var days = await db.ImportedHolidays.AsNoTracking().Where(h => h.Date >= first && h.Date <= last).ToListAsync(cancellationToken);
        Holidays[key] = (Environment.TickCount64, days);
        return days;
    }

    public static void Clear()
    {
        PlaceLists.Clear();
        Holidays.Clear();
    }
}
