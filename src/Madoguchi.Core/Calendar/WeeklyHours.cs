using System.Globalization;
using System.Text;

namespace Madoguchi.Calendar;

/// <summary>
/// Opening hours for each weekday, written as text so staff can read it in the settings:
/// <c>mon=08:30-17:15;tue=08:30-17:15</c> (a day may have several ranges separated by commas,
/// e.g. a lunch break <c>sat=09:00-12:00,13:00-17:00</c>; a day not listed is closed).
/// </summary>
public sealed class WeeklyHours
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private readonly (TimeOnly Opens, TimeOnly Closes)[][] _days;

    private WeeklyHours((TimeOnly, TimeOnly)[][] days) => _days = days;

    public static WeeklyHours Weekdays { get; } = Parse("mon=08:30-17:15;tue=08:30-17:15;wed=08:30-17:15;thu=08:30-17:15;fri=08:30-17:15");

    public IReadOnlyList<(TimeOnly Opens, TimeOnly Closes)> On(DayOfWeek day) => _days[(int)day];

    public static WeeklyHours Parse(string text) =>
        TryParse(text, out var hours, out var error) ? hours : throw new FormatException(error);

    public static bool TryParse(string? text, out WeeklyHours hours, out string error)
    {
        var days = Enumerable.Range(0, 7).Select(_ => Array.Empty<(TimeOnly, TimeOnly)>()).ToArray();
        hours = new WeeklyHours(days);
        error = "";
        foreach (var part in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var day = eq < 0 ? -1 : Array.IndexOf(DayNames, part[..eq].Trim().ToLowerInvariant());
            if (day < 0)
            {
                error = $"「{part}」の曜日が読めません。mon=08:30-17:15 のように sun〜sat で書いてください。";
                return false;
            }

            var ranges = new List<(TimeOnly, TimeOnly)>();
            foreach (var range in part[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                if (dash < 0
                    || !TimeOnly.TryParseExact(range[..dash], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)
                    || !TimeOnly.TryParseExact(range[(dash + 1)..], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes)
                    || closes <= opens)
                {
                    error = $"「{range}」の時間が読めません。08:30-17:15 のように開始-終了を24時間制で書いてください。";
                    return false;
                }

                ranges.Add((opens, closes));
            }

            days[day] = [.. days[day], .. ranges.OrderBy(r => r.Item1)];
        }

        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var day = 1; day <= 7; day++)
        {
            var d = day % 7;
            if (_days[d].Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(';');
            }

            sb.Append(DayNames[d]).Append('=').AppendJoin(',', _days[d].Select(r => $"{r.Opens:HH\\:mm}-{r.Closes:HH\\:mm}"));
        }

        return sb.ToString();
    }
}
