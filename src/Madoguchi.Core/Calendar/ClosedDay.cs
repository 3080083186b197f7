namespace Madoguchi.Calendar;

/// <summary>
/// A day (or part of one) with no bookings: the city's own closed days (no place) or a closure of
/// one place, e.g. when its counter must close. Times are the city's local times.
/// </summary>
public sealed class ClosedDay
{
    public int Id { get; set; }

    public DateOnly Date { get; set; }

    public int? PlaceId { get; set; }

    public TimeOnly? From { get; set; }

    public TimeOnly? Until { get; set; }

    public required string Reason { get; set; }

    public bool WholeDay => From is null || Until is null;

    public bool Covers(TimeOnly start, TimeOnly end) => WholeDay || (start < Until && end > From);
}

/// <summary>A national holiday from the Cabinet Office's list as imported by the city.</summary>
public sealed class ImportedHoliday
{
    public DateOnly Date { get; set; }

    public required string Name { get; set; }
}
