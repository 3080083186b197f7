using Madoguchi.Booking;
using Madoguchi.Calendar;

namespace Madoguchi.Statistics;

/// <summary>
/// The seats a place offers on each day (提供した席): every slot of its schedule (opening hours cut
/// into slots, less holidays and closures), each with the capacity of its slot row where one was
/// created by a booking, otherwise the place's seats per slot as set today. Slot rows exist only
/// once somebody books, so counting rows alone would miss every seat nobody took.
/// </summary>
public static class SeatsOffered
{
    public static async Task<Dictionary<(int PlaceId, DateOnly Day), int>> ByDayAsync(
        MadoguchiDb db, IReadOnlyList<Place> places, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(places);
        var seats = new Dictionary<(int, DateOnly), int>();
        if (places.Count == 0 || from > to)
        {
            return seats;
        }

        var calendar = await CityCalendar.LoadAsync(db, from, to, cancellationToken);
        var ids = places.Select(p => p.Id).ToList();
        var start = SlotSchedule.At(from, TimeOnly.MinValue);
        var end = SlotSchedule.At(to.AddDays(1), TimeOnly.MinValue);
        var rows = (await db.Slots.AsNoTracking()
                .Where(s => ids.Contains(s.PlaceId) && s.Start >= start && s.Start < end)
                .Select(s => new { s.PlaceId, s.Start, s.Capacity })
                .ToListAsync(cancellationToken))
            .ToDictionary(s => (s.PlaceId, s.Start.UtcTicks), s => s.Capacity);
        foreach (var place in places)
        {
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                var schedule = SlotSchedule.Day(place, day, calendar);
                seats[(place.Id, day)] = schedule.Slots.Sum(s => Seats.Offered(place, rows.TryGetValue((place.Id, s.Start.UtcTicks), out var capacity) ? capacity : null));
            }
        }

        return seats;
    }
}
