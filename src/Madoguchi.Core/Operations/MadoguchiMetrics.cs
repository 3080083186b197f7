using System.Diagnostics.Metrics;

namespace Madoguchi.Operations;

/// <summary>
/// The domain's own counters (ADR 0032), on the meter <see cref="MeterName"/>: bookings made, holds,
/// refusals for a full time, card checks refused by the lock-out, and the web's 429 and 503 answers.
/// Counted where they happen; never labelled with anything about a person (a channel at most).
/// The gauges read from the database (mails waiting, the audit checkpoint) live with the web host.
/// </summary>
public static class MadoguchiMetrics
{
    public const string MeterName = "Madoguchi";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Bookings = Meter.CreateCounter<long>("madoguchi.bookings", "{booking}", "Bookings made (a repeated confirm is not counted again).");
    private static readonly Counter<long> Holds = Meter.CreateCounter<long>("madoguchi.holds", "{hold}", "Seats held for a citizen while they finish the booking.");
    private static readonly Counter<long> SlotFull = Meter.CreateCounter<long>("madoguchi.slot_full", "{refusal}", "Holds and bookings refused because the time had no seat left (problem code slot-full).");
    private static readonly Counter<long> Lockouts = Meter.CreateCounter<long>("madoguchi.card_lockouts", "{refusal}", "Card checks refused because the card or the address is locked after wrong dates of birth.");
    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>("madoguchi.http.throttled", "{response}", "Answers 429 (too many requests or attempts).");
    private static readonly Counter<long> Unavailable = Meter.CreateCounter<long>("madoguchi.http.unavailable", "{response}", "Answers 503 (the database in trouble, or not ready).");

    /// <summary>A hold's outcome: a hold made, or a full time.</summary>
    public static void Held<T>(Outcome<T> outcome)
    {
        if (outcome.Ok)
        {
            Holds.Add(1);
        }
        else
        {
            Refused(outcome.Problem!);
        }
    }

    /// <summary>A confirm's outcome: a new booking (by its channel: web, api, phone), or a full time.</summary>
    public static void Confirmed(Outcome<Booking.ConfirmedBooking> outcome, string channel)
    {
        if (outcome.Value is { Repeated: false })
        {
            Bookings.Add(1, new KeyValuePair<string, object?>("channel", Channel(channel)));
        }
        else if (outcome.Problem is { } problem)
        {
            Refused(problem);
        }
    }

    public static void LockedOut() => Lockouts.Add(1);

    /// <summary>An answer's status, counted when it is 429 or 503.</summary>
    public static void Answered(int status)
    {
        if (status == 429)
        {
            Throttled.Add(1);
        }
        else if (status == 503)
        {
            Unavailable.Add(1);
        }
    }

    private static void Refused(Problem problem)
    {
        if (problem.Code == "slot-full")
        {
            SlotFull.Add(1);
        }
    }

    /// <summary>Only the known channels as a label, so a caller's text never becomes a time series.</summary>
    private static string Channel(string channel) => channel is "web" or "api" or "phone" ? channel : "other";
}
