namespace Madoguchi;

/// <summary>
/// The city's clock: Japan time whatever the server's zone is. Japan has kept UTC+9 without
/// daylight saving since 1951, so a fixed offset stands in when the machine lacks tzdata.
/// </summary>
public static class CityTime
{
    public static TimeZoneInfo Zone { get; } = FindTokyo();

    public static DateTimeOffset Now(this TimeProvider clock) =>
        TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone);

    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.Now().DateTime);

    public static DateTimeOffset ToCityTime(this DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    private static TimeZoneInfo FindTokyo()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Tokyo", TimeSpan.FromHours(9), "Japan Standard Time", "JST");
        }
    }
}
