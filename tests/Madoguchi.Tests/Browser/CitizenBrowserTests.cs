using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Madoguchi.Tests.Browser;

/// <summary>
/// A citizen books in a real Chromium against the real server, on a phone and on a desktop, and
/// every page on the way is checked by axe-core and kept as a screenshot. The clock stands on Monday
/// 2027-02-22 10:00 in Ueda: Wednesday 2/24 is the first open day (2/23 is 天皇誕生日). Online
/// cancel is on, so the citizen can cancel on the look-up page. The third screen is a 1280×800
/// desktop at 200% zoom (640×400 CSS pixels): nothing may need sideways scrolling there either.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class CitizenBrowserTests(Chromium chromium) : IAsyncLifetime
{
    // The holder's card is typed as the postcard prints it, but in full-width characters, with a
    // 和暦 birth date; the family member's in plain ASCII.
    private const string Holder = "A1B-123456";
    private const string HolderTyped = "Ａ１Ｂ－１２３４５６";
    private const string HolderBirth = "1985-04-12";
    private const string HolderBirthTyped = "昭和60年4月12日";
    private const string Family = "C2D-654321";
    private const string FamilyBirth = "1990-01-01";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Madoguchi:Booking:OnlineCancel"] = "true",
            ["Madoguchi:Booking:RequestsPerMinute"] = "1000",
        });
        await _app.ImportCardsAsync(_clock, (Holder, HolderBirth), (Family, FamilyBirth));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableTheory]
    [InlineData("phone")]
    [InlineData("desktop")]
    [InlineData("zoom200")]
    public async Task A_family_books_sees_the_booking_and_cancels_it(string screen)
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Named(screen), "citizen-books-and-cancels");
        var page = s.Page;

        await s.GoAsync(_app.PublicUrl, "/");
        await Expect(page.Locator("h1")).ToContainTextAsync("マイナンバーカードの受け取り");
        await s.SeePublicAsync("top");

        await page.GetByRole(AriaRole.Link, new() { Name = "受け取りの日時を予約する" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("受け取りの予約");
        await s.SeePublicAsync("cards");

        // A birth date one day off: the row is marked and the message says what to do.
        await page.Locator("#card0-number").FillAsync(Holder);
        await page.Locator("#card0-birth").FillAsync("1985-04-13");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await Expect(page.Locator("#problem")).ToContainTextAsync("番号か生年月日が違います");
        await Expect(page.Locator("#card0-birth")).ToHaveAttributeAsync("aria-invalid", "true");
        await s.SeePublicAsync("cards-error");

        await page.Locator("#card0-number").FillAsync(HolderTyped);
        await page.Locator("#card0-birth").FillAsync(HolderBirthTyped);
        await page.Locator("#card1-number").FillAsync(Family);
        await page.Locator("#card1-birth").FillAsync(FamilyBirth);
        await s.KeepAsync("cards-filled");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("受け取る場所を選んでください");
        await Expect(page.Locator("main")).ToContainTextAsync("2 人分の予約です");
        await s.SeePublicAsync("place");

        await page.Locator("a.choice", new() { HasText = "本庁舎" }).ClickAsync();
        await Expect(page.Locator("table.month caption")).ToHaveTextAsync("2027 年 2 月");
        await s.SeePublicAsync("calendar");

        await page.Locator("td.day a", new() { Has = page.Locator(".date", new() { HasText = "24" }) }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("時間を選んでください");
        await Expect(page.Locator("main")).ToContainTextAsync("2027年2月24日（水）");
        await s.SeePublicAsync("times");

        await page.GetByRole(AriaRole.Button, new() { Name = "9:00〜9:15" }).ClickAsync();
        await Expect(page.Locator("#hold-until")).ToContainTextAsync("10:10 まで席を確保しています");
        await s.SeePublicAsync("confirm");

        await page.GetByRole(AriaRole.Button, new() { Name = "予約を確定する" }).ClickAsync();
        await Expect(page.Locator("#problem")).ToBeVisibleAsync();
        await Expect(page.Locator("#phone")).ToHaveAttributeAsync("aria-invalid", "true");
        await s.SeePublicAsync("confirm-error");

        await page.Locator("#phone").FillAsync("090-1234-5678");
        await page.Locator("#email").FillAsync("family@example.jp");
        await page.GetByRole(AriaRole.Button, new() { Name = "予約を確定する" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("予約しました");
        var code = (await page.Locator("#booking-code").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}$", code);
        await Expect(page.Locator("main")).ToContainTextAsync("2027年2月24日（水） 9:00〜9:15");
        await Expect(page.Locator("main")).ToContainTextAsync("2 人");
        await s.SeePublicAsync("done");

        await using (var db = _app.Database.Open())
        {
            var booking = await db.Bookings.Include(b => b.Cards).SingleAsync();
            Assert.Equal((code, 2, "090-1234-5678", "family@example.jp"), (booking.Code, booking.People, booking.Phone, booking.Email));
            Assert.Equal([Holder, Family], booking.Cards.Select(c => c.ManagementNumber).Order());
        }

        await s.GoAsync(_app.PublicUrl, "/booking");
        await Expect(page.Locator("h1")).ToContainTextAsync("予約の確認");
        await s.SeePublicAsync("look-up");

        await page.Locator("#code").FillAsync(code);
        await page.Locator("#number").FillAsync(Family);
        await page.Locator("#birth").FillAsync("1990-01-02");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(page.Locator("#problem")).ToBeVisibleAsync();
        await s.SeePublicAsync("look-up-error");

        await page.Locator("#code").FillAsync(code.ToLowerInvariant());
        await page.Locator("#number").FillAsync("a1b123456");
        await page.Locator("#birth").FillAsync("S60.4.12");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(page.Locator("#booking")).ToContainTextAsync(code);
        await Expect(page.Locator("#booking")).ToContainTextAsync("***-****-5678");
        await s.SeePublicAsync("booking");

        await page.GetByRole(AriaRole.Button, new() { Name = "この予約を取り消す" }).ClickAsync();
        await Expect(page.Locator("#cancel-confirm")).ToContainTextAsync("取り消しますか");
        await s.SeePublicAsync("cancel-confirm");
        await using (var db = _app.Database.Open())
        {
            Assert.True(await db.Bookings.AnyAsync(), "Asking whether to cancel must not cancel yet.");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "取り消す" }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("予約を取り消しました");
        await s.SeePublicAsync("cancelled");

        await using (var db = _app.Database.Open())
        {
            Assert.False(await db.Bookings.AnyAsync());
            Assert.Equal("citizen", (await db.BookingTombstones.SingleAsync()).CancelledBy);
            Assert.Equal(0, await db.Slots.SumAsync(x => x.Taken));
        }
    }
}
