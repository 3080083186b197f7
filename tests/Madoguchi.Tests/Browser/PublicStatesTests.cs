using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Madoguchi.Tests.Browser;

/// <summary>
/// The public pages in the states the booking flow itself does not meet, each checked by axe-core
/// on a phone: a session that ran out, the next month, a full and a nearly full time, a hold that
/// ran out, a booking that can only be changed by phone (online cancel off, the default), and the
/// training-mode banner. The clock stands on Monday 2027-02-22 10:00; City Hall has two seats per
/// 15 minutes, so a family of two fills 9:00 and one person leaves 9:15 nearly full (△).
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class PublicStatesTests(Chromium chromium) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;
    private string _familyCode = "";

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock, settings: new Dictionary<string, string?> { ["Madoguchi:Booking:RequestsPerMinute"] = "1000" });
        await _app.ImportCardsAsync(_clock, ("A1B-123456", "1985-04-12"), ("C2D-654321", "1990-01-01"), ("E3F-111111", "2000-02-29"), ("G4H-222222", "1970-07-07"));
        _familyCode = await BookAsync("2027-02-24T09:00:00+09:00", ("A1B-123456", "1985-04-12"), ("C2D-654321", "1990-01-01"));
        await BookAsync("2027-02-24T09:15:00+09:00", ("E3F-111111", "2000-02-29"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task Every_other_state_of_the_public_pages_passes_axe_on_a_phone()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Phone, "public-states");
        var page = s.Page;

        // A step without a valid pass goes back to the start, which says why.
        await s.GoAsync(_app.PublicUrl, "/book/place?pass=forged");
        await Expect(page.Locator("#expired")).ToContainTextAsync("最初からやり直してください");
        await s.SeePublicAsync("expired");

        await page.Locator("#card0-number").FillAsync("G4H-222222");
        await page.Locator("#card0-birth").FillAsync("19700707");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("1 人分の予約です");

        // The South Building opens only from March: its choice says so and opens on March, not on an empty February.
        await Expect(page.Locator("a.choice", new() { HasText = "南庁舎" })).ToContainTextAsync("2027年3月1日（月）から予約できます");
        await page.Locator("a.choice", new() { HasText = "南庁舎" }).ClickAsync();
        await Expect(page.Locator("table.month caption")).ToHaveTextAsync("2027 年 3 月");
        Assert.NotEqual(0, await page.Locator("td.day a").CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "前の月" }).ClickAsync();
        await Expect(page.Locator("table.month caption")).ToHaveTextAsync("2027 年 2 月");
        Assert.Equal(0, await page.Locator("td.day a").CountAsync());
        await s.SeePublicAsync("calendar-before-opening");

        await page.GetByRole(AriaRole.Link, new() { Name = "場所を変える" }).ClickAsync();
        await page.Locator("a.choice", new() { HasText = "本庁舎" }).ClickAsync();
        await page.Locator("td.day a", new() { Has = page.Locator(".date", new() { HasText = "24" }) }).ClickAsync();
        await Expect(page.Locator("span.time.full", new() { HasText = "9:00〜9:15" })).ToContainTextAsync("満員");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "9:15〜9:30" })).ToContainTextAsync("残りわずか");
        await s.SeePublicAsync("times-full-and-few");

        await page.GetByRole(AriaRole.Button, new() { Name = "8:30〜8:45" }).ClickAsync();
        await Expect(page.Locator("#hold-until")).ToBeVisibleAsync();
        // Past the ten-minute hold, the page says so and offers to choose again.
        _clock.Advance(TimeSpan.FromMinutes(11));
        await page.ReloadAsync();
        await Expect(page.Locator("#problem")).ToHaveAttributeAsync("data-code", "hold-expired");
        await s.SeePublicAsync("hold-expired");

        await s.GoAsync(_app.PublicUrl, "/booking");
        await page.Locator("#code").FillAsync(_familyCode);
        await page.Locator("#number").FillAsync("C2D-654321");
        await page.Locator("#birth").FillAsync("平成2年1月1日");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(page.Locator("#booking")).ToContainTextAsync(_familyCode);
        await Expect(page.Locator("#by-phone")).ToContainTextAsync("お電話ください");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "この予約を取り消す" }).CountAsync());
        await s.SeePublicAsync("booking-by-phone");
    }

    [SkippableFact]
    public async Task The_training_mode_banner_passes_axe_on_a_phone()
    {
        await using var demo = await MadoguchiApp.StartAsync(demo: true);
        await using var s = await Screen.OpenAsync(chromium, Viewport.Phone, "training-mode");

        foreach (var (path, step) in new[] { ("/", "top"), ("/book", "cards"), ("/booking", "look-up") })
        {
            await s.GoAsync(demo.PublicUrl, path);
            await Expect(s.Page.Locator(".demo-banner")).ToContainTextAsync("練習モード");
            await s.SeePublicAsync(step);
        }
    }

    private Task<string> BookAsync(string start, params (string Number, string Birth)[] cards) =>
        _app.BookAsync(1, DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), "090-1234-5678", null, cards);
}
