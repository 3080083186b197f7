using Microsoft.Extensions.Configuration;

namespace Madoguchi.Booking;

/// <summary>
/// A city's booking rules, from <c>Madoguchi:Booking:*</c>. Defaults follow the review board's
/// minutes (cancel by phone only) and what citizens of other cities are used to.
/// </summary>
public sealed record BookingSettings
{
    /// <summary>How many days ahead the calendar opens (from tomorrow).</summary>
    public int DaysAhead { get; init; } = 30;

    /// <summary>Bookings for a day close at this time on the day before.</summary>
    public TimeOnly CutoffTime { get; init; } = new(17, 0);

    public int HoldMinutes { get; init; } = 10;

    /// <summary>Citizens may cancel online; off by default, as in the minutes (cancel by phone).</summary>
    public bool OnlineCancel { get; init; }

    public int MaxPeople { get; init; } = 5;

    /// <summary>
    /// A family that does not fit in one slot may be booked on consecutive slots of one day at one
    /// place, one code for all (ADR 0020). On by default; a city that wants families together turns it off.
    /// </summary>
    public bool ConsecutiveTimes { get; init; } = true;

    /// <summary>Wrong dates of birth for one card number before it is locked.</summary>
    public int AttemptsBeforeLock { get; init; } = 5;

    public int LockMinutes { get; init; } = 15;

    /// <summary>Proof-checking requests (holds, bookings, look-ups) per client address per minute.</summary>
    public int RequestsPerMinute { get; init; } = 60;

    /// <summary>
    /// How long an answer may stay unfinished before a retry with the same Idempotency-Key takes the
    /// request over: its process died (killed, restarted) before it could answer. See ADR 0015.
    /// </summary>
    public int UnfinishedAnswerSeconds { get; init; } = 30;

    public string ContactPhone { get; init; } = "0268-22-4100";

    public string ContactName { get; init; } = "上田市役所 市民課";

    public string ContactHours { get; init; } = "平日 8:30〜17:15";

    public static BookingSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Madoguchi:Booking");
        var defaults = new BookingSettings();
        return new BookingSettings
        {
            DaysAhead = section.GetValue("DaysAhead", defaults.DaysAhead),
            CutoffTime = TimeOnly.Parse(section["CutoffTime"] ?? "17:00", System.Globalization.CultureInfo.InvariantCulture),
            HoldMinutes = section.GetValue("HoldMinutes", defaults.HoldMinutes),
            OnlineCancel = section.GetValue("OnlineCancel", defaults.OnlineCancel),
            MaxPeople = section.GetValue("MaxPeople", defaults.MaxPeople),
            ConsecutiveTimes = section.GetValue("ConsecutiveTimes", defaults.ConsecutiveTimes),
            AttemptsBeforeLock = section.GetValue("AttemptsBeforeLock", defaults.AttemptsBeforeLock),
            LockMinutes = section.GetValue("LockMinutes", defaults.LockMinutes),
            RequestsPerMinute = section.GetValue("RequestsPerMinute", defaults.RequestsPerMinute),
            UnfinishedAnswerSeconds = section.GetValue("UnfinishedAnswerSeconds", defaults.UnfinishedAnswerSeconds),
            ContactPhone = section["ContactPhone"] ?? defaults.ContactPhone,
            ContactName = section["ContactName"] ?? defaults.ContactName,
            ContactHours = section["ContactHours"] ?? defaults.ContactHours,
        };
    }

    /// <summary>The first and last day a citizen may book now; a day is bookable until the cut-off the day before.</summary>
    public (DateOnly First, DateOnly Last) Window(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.DateTime);
        var first = today.AddDays(now.TimeOfDay >= CutoffTime.ToTimeSpan() ? 2 : 1);
        return (first, today.AddDays(DaysAhead));
    }
}
