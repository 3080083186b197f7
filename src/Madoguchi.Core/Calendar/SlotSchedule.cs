namespace Madoguchi.Calendar;

public sealed record SlotTime(DateTimeOffset Start, DateTimeOffset End);

public sealed record DaySchedule(DateOnly Date, string? ClosedReason, IReadOnlyList<SlotTime> Slots)
{
    public bool Open => ClosedReason is null && Slots.Count > 0;
}

/// <summary>Which slots a place offers on a day: its hours, cut into slots, less closures.</summary>
public static class SlotSchedule
{
    public static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    public static DaySchedule Day(Place place, DateOnly day, CityCalendar calendar)
    {
        if (!place.InService(day))
        {
            return new DaySchedule(day, "開設期間外", []);
        }

        if (calendar.CityClosed(day) is { } closed)
        {
            return new DaySchedule(day, closed.Reason, []);
        }

        var hours = place.WeeklyHours.On(day.DayOfWeek);
        if (hours.Count == 0)
        {
            return new DaySchedule(day, "休業日", []);
        }

        var closures = calendar.ClosuresOf(place.Id, day).ToList();
        if (closures.FirstOrDefault(c => c.WholeDay) is { } whole)
        {
            return new DaySchedule(day, whole.Reason, []);
        }

        var slots = new List<SlotTime>();
        var length = TimeSpan.FromMinutes(place.SlotMinutes);
        foreach (var (opens, closes) in hours)
        {
            for (var start = opens; start.ToTimeSpan() + length <= closes.ToTimeSpan(); start = start.Add(length))
            {
                var end = start.Add(length);
                if (closures.Any(c => c.Covers(start, end)))
                {
                    continue;
                }

                slots.Add(new SlotTime(At(day, start), At(day, end)));
                if (end < start)
                {
                    break;
                }
            }
        }

        return new DaySchedule(day, slots.Count == 0 ? closures.FirstOrDefault()?.Reason ?? "休業日" : null, slots);
    }

    public static DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), JapanOffset);
}
