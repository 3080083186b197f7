using Madoguchi.Booking;

namespace Madoguchi.Counter;

/// <summary>The words the counter screens use for a booking's state and for days and dates of birth.</summary>
public static class CounterWords
{
    public static string Status(BookingStatus status) => status switch
    {
        BookingStatus.Booked => "予約",
        BookingStatus.CheckedIn => "来庁",
        BookingStatus.Issued => "交付済",
        BookingStatus.NoShow => "来庁なし",
        _ => status.ToString(),
    };

    public static string StatusEnglish(BookingStatus status) => status switch
    {
        BookingStatus.Booked => "Booked",
        BookingStatus.CheckedIn => "Checked in",
        BookingStatus.Issued => "Issued",
        BookingStatus.NoShow => "No-show",
        _ => status.ToString(),
    };

    public static string Day(DateOnly day) =>
        $"{day.Year}年{day.Month}月{day.Day}日（{"日月火水木金土"[(int)day.DayOfWeek]}）";

    /// <summary>Western and Japanese-era forms side by side: ID documents use either.</summary>
    public static string Birth(DateOnly birth) =>
        $"{birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}（{Ledger.EraFormat.Japanese(birth)}）";

    public static string Time(DateTimeOffset instant) =>
        instant.ToCityTime().ToString("H:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset instant) =>
        instant.ToCityTime().ToString("yyyy-MM-dd H:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToCityTime().DateTime);
}
