using System.Globalization;

using Madoguchi.Calendar;

namespace Madoguchi.Statistics;

/// <summary>What the dashboard shows: a period of days, grouped by day, week or month, for one place or all.</summary>
public sealed record StatisticsRequest(DateOnly From, DateOnly To, PeriodKind Period, int? PlaceId)
{
    /// <summary>Two years at most, so that a typing mistake does not read the whole history day by day.</summary>
    public const int MostDays = 731;

    /// <summary>
    /// Reads the filters as typed. Left empty: the last twelve weeks by week. A bad value is
    /// reported in Japanese, keyed by the field's name, and the default stands in for it.
    /// </summary>
    public static StatisticsRequest Read(string? from, string? to, string? period, string? place, IReadOnlyList<Place> places, DateOnly today, IDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(places);
        ArgumentNullException.ThrowIfNull(errors);
        if (!StatisticsPeriod.TryParse(period, out var kind))
        {
            errors["period"] = "集計の単位は 日・週・月 から選んでください。週ごとに表示しています。";
            kind = PeriodKind.Week;
        }

        var last = Day(to, "to", "終了日", errors) ?? today;
        var first = Day(from, "from", "開始日", errors) ?? kind switch
        {
            PeriodKind.Day => last.AddDays(-30),
            PeriodKind.Month => StatisticsPeriod.FiscalYear(last).First,
            _ => StatisticsPeriod.Monday(last).AddDays(-7 * 11),
        };
        if (first > last)
        {
            errors["to"] = $"終了日（{last:yyyy-MM-dd}）が開始日（{first:yyyy-MM-dd}）より前です。期間を入れ替えてください。";
            (first, last) = (last, first);
        }

        if (last.DayNumber - first.DayNumber + 1 > MostDays)
        {
            errors["from"] = $"期間は2年（{MostDays}日）までにしてください。開始日を {last.AddDays(1 - MostDays):yyyy-MM-dd} に変えて表示しています。";
            first = last.AddDays(1 - MostDays);
        }

        int? placeId = null;
        if (!string.IsNullOrWhiteSpace(place))
        {
            var chosen = places.FirstOrDefault(p => p.Code == place.Trim());
            if (chosen is null)
            {
                errors["place"] = $"交付場所「{place}」はありません。一覧から選んでください。すべての交付場所を表示しています。";
            }
            else
            {
                placeId = chosen.Id;
            }
        }

        return new StatisticsRequest(first, last, kind, placeId);
    }

    private static DateOnly? Day(string? text, string field, string label, IDictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[field] = $"{label}「{text}」は読めません。2027-04-01 のように入力してください。";
        return null;
    }
}
