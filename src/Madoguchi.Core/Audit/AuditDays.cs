using Madoguchi.Calendar;

namespace Madoguchi.Audit;

/// <summary>A day in Japan time as an interval of instants.</summary>
public static class AuditDays
{
    public static (DateTimeOffset Start, DateTimeOffset End) Bounds(DateOnly day) =>
        (new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), SlotSchedule.JapanOffset),
         new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), SlotSchedule.JapanOffset));

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToCityTime().DateTime);
}
