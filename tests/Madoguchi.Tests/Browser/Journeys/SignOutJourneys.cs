using System.Net.Http.Json;
using System.Text.Json;

using Madoguchi.Staff;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Madoguchi.Tests.Browser.Journeys;

/// <summary>
/// Counter PCs are shared: after サインアウト neither the Back button nor a copy of the session cookie
/// shows the next person anything. For every role, in Chromium: sign in by typing, open a page with
/// data, copy the cookie, sign out by clicking, press Back, then replay the cookie in a fresh browser.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class SignOutJourneys(Chromium chromium) : IAsyncLifetime
{
    private const string Card = "A1B-123456";
    private const string Name = "試験　0子";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock);
        await _app.ImportCardsAsync(_clock, (Card, "1985-04-12"));
        using var booked = await _app.PostJsonAsync("/api/v1/bookings", new
        {
            placeId = 1,
            start = new DateTimeOffset(2027, 2, 24, 9, 0, 0, TimeSpan.FromHours(9)),
            cards = new[] { new { managementNumber = Card, birthDate = "1985-04-12" } },
            phone = "090-1111-2222",
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.NotNull((await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        // The morning of the booked day.
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 8, 50, 0, TimeSpan.FromHours(9)));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableTheory]
    [InlineData(StaffRole.Administrator)]
    [InlineData(StaffRole.Supervisor)]
    [InlineData(StaffRole.Clerk)]
    [InlineData(StaffRole.PartTimer)]
    [InlineData(StaffRole.Auditor)]
    public async Task After_sign_out_neither_Back_nor_a_copied_cookie_shows_anything(StaffRole role)
    {
        var login = $"signout-{role.ToString().ToLowerInvariant()}";
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, $"signout-{role.ToString().ToLowerInvariant()}");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, _app, role, login);

        // A page with what this role works on.
        var (menu, data) = role switch
        {
            StaffRole.Administrator => ("職員アカウント", page.Locator("main td", new() { HasTextString = login }).First),
            StaffRole.Auditor => ("監査ログ", page.Locator("main tr[data-entry]").First),
            _ => ("当日の窓口", page.Locator("main", new() { HasTextString = Name })),
        };
        await OfficeDesk.Menu(page, menu).ClickAsync();
        await Expect(data).ToBeVisibleAsync();
        var dataUrl = page.Url;
        await s.SeeOfficeAsync("data");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "madoguchi.office");

        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("サインイン");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("サインアウトしました");
        await Expect(page.Locator("nav.office")).ToHaveCountAsync(0);
        await s.SeeOfficeAsync("signed-out");

        // The next person at the PC presses Back: the page is asked for again, not taken from the cache.
        await page.GoBackAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("サインイン");
        await Expect(page.Locator("nav.office")).ToHaveCountAsync(0);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(role is StaffRole.Administrator ? login : Name);
        Assert.Equal(0, await page.Locator("main tr[data-entry]").CountAsync());
        await s.SeeOfficeAsync("back");

        // Someone who copied the cookie before the sign-out replays it in another browser.
        await using var other = await Screen.OpenAsync(chromium, Viewport.Desktop, $"signout-{role.ToString().ToLowerInvariant()}-copied-cookie");
        await other.Page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie
        {
            Name = cookie.Name,
            Value = cookie.Value,
            Domain = cookie.Domain,
            Path = cookie.Path,
            HttpOnly = cookie.HttpOnly,
            SameSite = cookie.SameSite,
        }]);
        await other.Page.GotoAsync(dataUrl);
        await Expect(other.Page.Locator("h1")).ToContainTextAsync("サインイン");
        await Expect(other.Page.Locator("nav.office")).ToHaveCountAsync(0);
        await Expect(other.Page.Locator("body")).Not.ToContainTextAsync(role is StaffRole.Administrator ? login : Name);
        await other.SeeOfficeAsync("copied-cookie");
    }
}
