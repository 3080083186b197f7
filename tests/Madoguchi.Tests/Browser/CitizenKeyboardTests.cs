using static Microsoft.Playwright.Assertions;

namespace Madoguchi.Tests.Browser;

/// <summary>
/// The whole citizen flow with the keyboard only: Tab and Shift+Tab to move, Enter and Space to
/// press, typing into fields; no click. At every stop of the focus the focused element must show a
/// ring. Same clock and cards as <see cref="CitizenBrowserTests"/>: Monday 2027-02-22 10:00,
/// Wednesday 2/24 the first open day, online cancel on.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class CitizenKeyboardTests(Chromium chromium) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Madoguchi:Booking:OnlineCancel"] = "true",
            ["Madoguchi:Booking:RequestsPerMinute"] = "1000",
        });
        await _app.ImportCardsAsync(_clock, ("A1B-123456", "1985-04-12"), ("C2D-654321", "1990-01-01"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task A_family_books_and_cancels_with_tab_enter_and_space_and_always_sees_the_focus()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "citizen-keyboard-only");
        var page = s.Page;
        await s.GoAsync(_app.PublicUrl, "/");

        // The first stop is the skip link, shown only while focused.
        await s.TabToAsync("a.skip", most: 1);
        await s.KeepAsync("skip-link");
        await s.TabToAsync("main a[href='/book']");
        await s.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToContainTextAsync("受け取りの予約");

        await s.TabToAsync("#card0-number");
        await s.Keyboard.TypeAsync("Ａ１Ｂ－１２３４５６");
        await s.TabToAsync("#card0-birth", most: 1);
        await s.Keyboard.TypeAsync("昭和60年4月12日");
        await s.TabToAsync("#card1-number", most: 1);
        await s.Keyboard.TypeAsync("c2d654321");
        await s.TabToAsync("#card1-birth", most: 1);
        await s.Keyboard.TypeAsync("1990-01-01");
        await s.TabToAsync("form.stack button[type=submit]");
        await s.KeepAsync("cards");
        await s.Keyboard.PressAsync("Space");
        await Expect(page.Locator("main")).ToContainTextAsync("2 人分の予約です");

        await s.TabToAsync("a.choice[href*='place=1']");
        await s.KeepAsync("place");
        await s.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("table.month caption")).ToHaveTextAsync("2027 年 2 月");

        await s.TabToAsync("td.day a[href*='date=2027-02-24']");
        await s.KeepAsync("calendar");
        await s.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToContainTextAsync("時間を選んでください");

        await s.TabToAsync("ul.times button");
        // The day's first time, the first button reached.
        await Expect(page.Locator(":focus")).ToContainTextAsync("8:30〜8:45");
        await s.KeepAsync("times");
        await s.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#hold-until")).ToBeVisibleAsync();

        await s.TabToAsync("#phone");
        await s.Keyboard.TypeAsync("090-1234-5678");
        await s.TabToAsync("form.stack button[type=submit]");
        await s.KeepAsync("confirm");
        await s.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToContainTextAsync("予約しました");
        var code = (await page.Locator("#booking-code").InnerTextAsync()).Trim();
        await s.KeepAsync("done");

        // Back up the page to the header's link to the top page, then on to the look-up.
        await s.TabToAsync("header.site a", backwards: true);
        await s.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToContainTextAsync("マイナンバーカードの受け取り");
        await s.TabToAsync("main a[href='/booking']");
        await s.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToContainTextAsync("予約の確認");

        await s.TabToAsync("#code");
        await s.Keyboard.TypeAsync(code);
        await s.TabToAsync("#number");
        await s.Keyboard.TypeAsync("A1B-123456");
        await s.TabToAsync("#birth");
        await s.Keyboard.TypeAsync("S60.4.12");
        await s.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#booking")).ToContainTextAsync(code);

        await s.TabToAsync("form[action*='handler=Cancel'] button");
        await s.KeepAsync("booking");
        await s.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#cancel-confirm")).ToBeVisibleAsync();
        await s.TabToAsync("#cancel-confirm form[action*='handler=Cancel'] button");
        await s.KeepAsync("cancel-confirm");
        await s.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("予約を取り消しました");
        await s.KeepAsync("cancelled");

        await using var db = _app.Database.Open();
        Assert.False(await db.Bookings.AnyAsync());
        var cancelled = await db.BookingTombstones.SingleAsync();
        Assert.Equal(("citizen", 2), (cancelled.CancelledBy, cancelled.People));
    }
}
