using System.Globalization;
using System.Text;

namespace Madoguchi.Booking.Formats;

public sealed record CalendarEvent(string Uid, DateTimeOffset Start, DateTimeOffset End, string Summary, string Location, string Description, DateTimeOffset Stamp);

/// <summary>An iCalendar file (RFC 5545) with the booking, so that the citizen can add it to a phone's calendar.</summary>
public static class BookingCalendarFile
{
    private const string LineBreak = "\r\n";
    private const int MaxLineOctets = 75;

    public static string Write(CalendarEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.End <= e.Start)
        {
            throw new ArgumentException("The event must end after it starts.", nameof(e));
        }

        var file = new StringBuilder();
        void Line(string name, string value)
        {
            Fold(file, $"{name}:{value}");
        }

        Line("BEGIN", "VCALENDAR");
        Line("VERSION", "2.0");
        Line("PRODID", "-//Madoguchi//JA");
        Line("CALSCALE", "GREGORIAN");
        Line("METHOD", "PUBLISH");
        Line("BEGIN", "VEVENT");
        Line("UID", Text(e.Uid));
        Line("DTSTAMP", Utc(e.Stamp));
        Line("DTSTART", Utc(e.Start));
        Line("DTEND", Utc(e.End));
        Line("SUMMARY", Text(e.Summary));
        Line("LOCATION", Text(e.Location));
        Line("DESCRIPTION", Text(e.Description));
        Line("BEGIN", "VALARM");
        Line("TRIGGER", "-P1D");
        Line("ACTION", "DISPLAY");
        Line("DESCRIPTION", Text(e.Summary));
        Line("END", "VALARM");
        Line("END", "VEVENT");
        Line("END", "VCALENDAR");
        return file.ToString();
    }

    private static string Utc(DateTimeOffset instant)
    {
        return instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>A TEXT value: backslash, semicolon, comma and line breaks escaped, other control characters dropped.</summary>
    private static string Text(string value)
    {
        var escaped = value
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .ReplaceLineEndings("\\n");
        return string.Concat(escaped.Where(static c => c == '\t' || !char.IsControl(c)));
    }

    /// <summary>
    /// Writes the content line, broken before it passes 75 octets of UTF-8 with CRLF and a space (which counts
    /// towards the next line's 75). Breaks fall between whole characters, never inside one's bytes or a surrogate pair.
    /// </summary>
    private static void Fold(StringBuilder file, string line)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            if (octets + rune.Utf8SequenceLength > MaxLineOctets)
            {
                file.Append(LineBreak).Append(' ');
                octets = 1;
            }

            file.Append(rune.ToString());
            octets += rune.Utf8SequenceLength;
        }

        file.Append(LineBreak);
    }
}
