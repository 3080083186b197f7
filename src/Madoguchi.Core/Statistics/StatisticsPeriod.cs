using System.Globalization;

namespace Madoguchi.Statistics;

/// <summary>How figures are grouped: by day, by week (Monday to Sunday) or by calendar month, in Japan time.</summary>
public enum PeriodKind
{
    Day,
    Week,
    Month,
}

public static class StatisticsPeriod
{
    public static DateOnly StartOf(DateOnly day, PeriodKind kind) => kind switch
    {
        PeriodKind.Week => Monday(day),
        PeriodKind.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    public static DateOnly Next(DateOnly start, PeriodKind kind) => kind switch
    {
        PeriodKind.Week => start.AddDays(7),
        PeriodKind.Month => start.AddMonths(1),
        _ => start.AddDays(1),
    };

    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The Japanese fiscal year (年度) holding the day: April 1 to March 31.</summary>
    public static (int Year, DateOnly First, DateOnly Last) FiscalYear(DateOnly day)
    {
        var year = day.Month >= 4 ? day.Year : day.Year - 1;
        return (year, new DateOnly(year, 4, 1), new DateOnly(year + 1, 3, 31));
    }

    public static string Japanese(this PeriodKind kind) => kind switch
    {
        PeriodKind.Week => "週",
        PeriodKind.Month => "月",
        _ => "日",
    };

    public static string Label(DateOnly start, DateOnly end, PeriodKind kind) => kind switch
    {
        PeriodKind.Month => start.ToString("yyyy年M月", CultureInfo.InvariantCulture),
        PeriodKind.Week => $"{start:M/d}〜{end:M/d}",
        _ => $"{start:M/d}（{"日月火水木金土"[(int)start.DayOfWeek]}）",
    };

    public static string Code(this PeriodKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out PeriodKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "week":
                kind = PeriodKind.Week;
                return true;
            case "day":
                kind = PeriodKind.Day;
                return true;
            case "month":
                kind = PeriodKind.Month;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
