namespace Madoguchi.Tests;

public sealed class CityTimeTests
{
    [Fact]
    public void The_city_day_turns_at_midnight_in_tokyo_not_at_utc_midnight()
    {
        // 15:00 UTC is already midnight of the next day in Japan (UTC+9, no daylight saving).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 15, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 4, 1), clock.Today());
        Assert.Equal(TimeSpan.FromHours(9), clock.Now().Offset);
    }

    [Fact]
    public void One_minute_before_is_still_the_previous_day()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 14, 59, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 3, 31), clock.Today());
    }
}
