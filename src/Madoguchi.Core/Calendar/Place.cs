namespace Madoguchi.Calendar;

/// <summary>A place where cards are handed over (交付場所), with its counters (窓口) and opening hours.</summary>
public sealed class Place
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string NameEnglish { get; set; }

    public required string Address { get; set; }

    public int Counters { get; set; }

    /// <summary>Minutes per slot; an issue takes 15–30 minutes.</summary>
    public int SlotMinutes { get; set; } = 15;

    /// <summary>Seats in each slot; null means one per counter.</summary>
    public int? SeatsPerSlot { get; set; }

    /// <summary>Opening hours per weekday in <see cref="WeeklyHours"/> text form.</summary>
    public string Hours { get; set; } = WeeklyHours.Weekdays.ToString();

    /// <summary>A season repeated every year (e.g. 03-01 to 04-30); null when open all year.</summary>
    public string? SeasonFrom { get; set; }

    public string? SeasonUntil { get; set; }

    /// <summary>First and last day the place is open at all; null for no limit.</summary>
    public DateOnly? OpenFrom { get; set; }

    public DateOnly? OpenUntil { get; set; }

    public int Seats => SeatsPerSlot ?? Counters;

    public WeeklyHours WeeklyHours => WeeklyHours.Parse(Hours);

    /// <summary>Whether the place's date range and season include the day (hours and closures aside).</summary>
    public bool InService(DateOnly day)
    {
        if ((OpenFrom is { } from && day < from) || (OpenUntil is { } until && day > until))
        {
            return false;
        }

        if (SeasonFrom is null || SeasonUntil is null)
        {
            return true;
        }

        var md = day.Month * 100 + day.Day;
        var start = MonthDay(SeasonFrom);
        var end = MonthDay(SeasonUntil);
        return start <= end ? md >= start && md <= end : md >= start || md <= end;
    }

    public static bool IsMonthDay(string? text) =>
        text is { Length: 5 } && text[2] == '-' && int.TryParse(text[..2], out var m) && int.TryParse(text[3..], out var d)
        && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(2024, m);

    private static int MonthDay(string text) => int.Parse(text[..2], System.Globalization.CultureInfo.InvariantCulture) * 100
        + int.Parse(text[3..], System.Globalization.CultureInfo.InvariantCulture);
}
