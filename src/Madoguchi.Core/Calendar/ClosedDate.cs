using Madoguchi.Calendar.Holidays;

namespace Madoguchi.Calendar;

public enum ClosedKind
{
    NationalHoliday,
    YearEnd,
    CityClosedDay,
    PlaceClosure,
}

public sealed record ClosedDate(DateOnly Date, ClosedKind Kind, string Reason, int? PlaceId = null, TimeOnly? From = null, TimeOnly? Until = null);
