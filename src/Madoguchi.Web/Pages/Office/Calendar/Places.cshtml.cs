using System.Globalization;
using System.Text;

using Madoguchi.Calendar;
using Madoguchi.Data;

using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Calendar;

[Madoguchi.Web.Staff.FreshPassword]
public sealed class PlacesModel(MadoguchiDb db) : PageModel
{
    private static readonly DayOfWeek[] MondayFirst =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public IReadOnlyList<Place> Places { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);

    /// <summary>The week's hours in Japanese, days with the same hours run together: 月〜金 8:30〜17:15.</summary>
    public static string HoursText(WeeklyHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var groups = new List<(List<DayOfWeek> Days, string Ranges)>();
        foreach (var day in MondayFirst)
        {
            var ranges = string.Join("・", hours.On(day).Select(r => $"{r.Opens.ToString("H:mm", CultureInfo.InvariantCulture)}〜{r.Closes.ToString("H:mm", CultureInfo.InvariantCulture)}"));
            if (ranges.Length == 0)
            {
                continue;
            }

            var last = groups.Count > 0 ? groups[^1] : default;
            if (last.Days is not null && last.Ranges == ranges && Array.IndexOf(MondayFirst, last.Days[^1]) == Array.IndexOf(MondayFirst, day) - 1)
            {
                last.Days.Add(day);
            }
            else
            {
                groups.Add(([day], ranges));
            }
        }

        if (groups.Count == 0)
        {
            return "受付なし";
        }

        var text = new StringBuilder();
        foreach (var (days, ranges) in groups)
        {
            text.Append(text.Length > 0 ? "、" : "");
            text.Append(days.Count switch
            {
                1 => DayName(days[0]),
                2 => $"{DayName(days[0])}・{DayName(days[1])}",
                _ => $"{DayName(days[0])}〜{DayName(days[^1])}",
            });
            text.Append(' ').Append(ranges);
        }

        return text.ToString();
    }

    public static string SeatsText(Place place)
    {
        ArgumentNullException.ThrowIfNull(place);
        return place.SeatsPerSlot is { } seats ? $"{seats}席" : $"{place.Counters}席（窓口の数と同じ）";
    }

    public static string SeasonText(Place place)
    {
        ArgumentNullException.ThrowIfNull(place);
        var season = place.SeasonFrom is { } from && place.SeasonUntil is { } until ? $"毎年 {MonthDay(from)}〜{MonthDay(until)}" : "通年";
        var range = (place.OpenFrom, place.OpenUntil) switch
        {
            (null, null) => "",
            ({ } first, null) => $"、{Date(first)}から",
            (null, { } last) => $"、{Date(last)}まで",
            ({ } first, { } last) => $"、{Date(first)}〜{Date(last)}",
        };
        return season + range;
    }

    private static string MonthDay(string text) => $"{int.Parse(text[..2], CultureInfo.InvariantCulture)}月{int.Parse(text[3..], CultureInfo.InvariantCulture)}日";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string DayName(DayOfWeek day) => "日月火水木金土"[(int)day].ToString();
}
