using System.Globalization;

namespace Madoguchi.Web.Booking;

public static class JapaneseText
{
    private static readonly string[] Weekdays = ["日", "月", "火", "水", "木", "金", "土"];

    public static string Day(DateOnly day) => $"{day.Year}年{day.Month}月{day.Day}日（{Weekdays[(int)day.DayOfWeek]}）";

    public static string Time(DateTimeOffset time) => time.ToString("H:mm", CultureInfo.InvariantCulture);

    public static string Span(DateTimeOffset start, DateTimeOffset end) =>
        $"{Day(DateOnly.FromDateTime(start.DateTime))} {Time(start)}〜{Time(end)}";

    public static string WeekdayName(DayOfWeek day) => Weekdays[(int)day];
}
