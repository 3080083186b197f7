using Madoguchi.Staff;

namespace Madoguchi.Tests.Calendar.Office;

/// <summary>
/// How the calendar pages lead to each other, and where a wrong place leads. These tests only read, each
/// with a 係長 of its own, so the class shares one app; the forms that change the calendar are in
/// <see cref="OfficeCalendarPagesTests"/>, an app per test.
/// </summary>
public sealed class OfficeCalendarLinksTests(OfficeCalendarLinksTests.ThursdayApp shared) : IClassFixture<OfficeCalendarLinksTests.ThursdayApp>
{
    private readonly MadoguchiApp _app = shared.App;

    /// <summary>The app on 2026-11-26 12:00 in Tokyo, the day of the calendar's form tests.</summary>
    public sealed class ThursdayApp() : SharedApp(() => MadoguchiApp.StartAsync(clock: new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero))));

    [Theory]
    [InlineData("/office/calendar/places")]
    [InlineData("/office/calendar/places/1")]
    [InlineData("/office/calendar/closed-days")]
    [InlineData("/office/calendar/holidays")]
    public async Task Each_calendar_page_links_to_the_others(string path)
    {
        using var office = await _app.SignInAsync(StaffRole.Supervisor, _app.NewOfficeClient());
        var page = await _app.PageAsync(office, path);

        var links = page.QuerySelectorAll("nav[aria-label^='カレンダー'] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/office/calendar/places", "/office/calendar/closed-days", "/office/calendar/holidays"], links);
    }

    [Fact]
    public async Task An_unknown_place_is_404()
    {
        using var office = await _app.SignInAsync(StaffRole.Supervisor, _app.NewOfficeClient());
        using var response = await office.GetAsync("/office/calendar/places/999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
