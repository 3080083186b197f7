using Madoguchi.Staff;
using Madoguchi.Tests.Browser.Journeys;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Madoguchi.Tests.Browser;

/// <summary>
/// Staff work in a real Chromium on a desktop: each signs in with a password and a real
/// authenticator code typed into the page. Citizens booked through the public API on Monday
/// 2027-02-22 10:00: card A1B-123456 at City Hall on Wednesday 2/24 9:00 (the clerk's day),
/// card C2D-654321 at City Hall on Monday 3/1 13:00 (the day the 係長 closes City Hall).
/// Every step is kept as a screenshot and checked by axe-core (WCAG 2.1 A and AA), like the public pages.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class OfficeBrowserTests(Chromium chromium) : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string Hanako = "C2D-654321";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;
    private string _taroCode = "";
    private string _hanakoCode = "";

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock);
        await _app.ImportCardsAsync(_clock, (Taro, "1985-04-12"), (Hanako, "1990-01-01"));
        _taroCode = await _app.BookAsync(1, "2027-02-24T09:00:00+09:00", Taro, "1985-04-12", "090-1111-2222");
        _hanakoCode = await _app.BookAsync(1, "2027-03-01T13:00:00+09:00", Hanako, "1990-01-01", "090-3333-4444");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task A_clerk_signs_in_with_a_code_finds_the_booking_checks_in_and_issues_the_card()
    {
        // The morning of the booked day, before the counter opens.
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 8, 50, 0, TimeSpan.FromHours(9)));
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "clerk-issues-a-card");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, _app, StaffRole.Clerk, "madoguchi-clerk");

        await OfficeDesk.Menu(page, "当日の窓口").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("当日の窓口");
        await Expect(page.Locator($"tbody[data-code='{_taroCode}']")).ToBeVisibleAsync();
        await s.SeeOfficeAsync("day-list");

        // What a QR reader types, then Enter.
        await page.Locator("#q").FillAsync(_taroCode);
        await page.Locator("#q").PressAsync("Enter");
        await Expect(page.Locator("h1")).ToContainTextAsync(_taroCode);
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "Booked");
        await s.SeeOfficeAsync("booking");

        await page.Locator("#counter").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "来庁を記録" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "CheckedIn");
        await s.SeeOfficeAsync("checked-in");

        await page.Locator("#number").FillAsync("a1b123456");
        await page.Locator("#number").PressAsync("Enter");
        await Expect(page.Locator("[data-confirm-number]")).ToHaveTextAsync(Taro);
        await Expect(page.Locator("[data-confirm-birth]")).ToContainTextAsync("昭和60年4月12日");
        await page.Locator("#confirmed").CheckAsync();
        await s.SeeOfficeAsync("id-checked");

        await page.GetByRole(AriaRole.Button, new() { Name = "交付する" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync($"管理番号 {Taro}");
        await Expect(page.Locator("#notice")).ToContainTextAsync("交付済みにしました");
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "Issued");
        await s.SeeOfficeAsync("issued");

        await using var db = _app.Database.Open();
        Assert.Equal(Madoguchi.Ledger.CardStatus.Issued, (await db.LedgerEntries.SingleAsync(e => e.ManagementNumber == Taro)).Status);
        var issue = await db.CardIssues.SingleAsync();
        Assert.Equal((Taro, 2), (issue.ManagementNumber, issue.Counter));
    }

    [SkippableFact]
    public async Task A_supervisor_closes_city_hall_for_a_booked_day_and_works_the_call_list()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "supervisor-closes-a-place");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, _app, StaffRole.Supervisor, "madoguchi-kakaricho");

        await OfficeDesk.Menu(page, "休業日・閉鎖").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("休業日");
        await page.Locator("#PlaceId").SelectOptionAsync("1");
        await page.Locator("#Date").FillAsync("2027-03-01");
        await page.Locator("#Reason").FillAsync("停電点検");
        await s.SeeOfficeAsync("closure-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "追加する" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("すでに予約が 1 件あります");
        await s.SeeOfficeAsync("closure-added");

        await OfficeDesk.Menu(page, "閉鎖と連絡").ClickAsync();
        var row = page.Locator("tr[data-closure]");
        await Expect(row.Locator("[data-field=not-called]")).ToHaveTextAsync("1 件");
        await s.SeeOfficeAsync("closures");
        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("連絡の一覧");
        var call = page.Locator($"tr[data-booking='{_hanakoCode}']");
        await Expect(call.Locator("[data-field=phone]")).ToHaveTextAsync("090-3333-4444");
        await s.SeeOfficeAsync("call-list");

        await call.Locator("select").SelectOptionAsync("Reached");
        await call.Locator("input[name=note]").FillAsync("3月2日に来庁予定");
        await call.GetByRole(AriaRole.Button, new() { Name = "記録" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("「話せた」にしました");
        await Expect(call.Locator("[data-field=call]")).ToContainTextAsync("3月2日に来庁予定");
        await s.SeeOfficeAsync("call-reached");

        // The citizen asked to cancel: 取消済 asks once more before deleting the booking.
        await call.Locator("select").SelectOptionAsync("Cancelled");
        await call.GetByRole(AriaRole.Button, new() { Name = "記録" }).ClickAsync();
        await Expect(page.Locator("#confirm h2")).ToContainTextAsync($"予約 {_hanakoCode} を取り消しますか");
        await s.SeeOfficeAsync("cancel-confirm");
        await page.Locator("#confirm").GetByRole(AriaRole.Button, new() { Name = "取り消す" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("取り消しました");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("090-3333-4444");
        await s.SeeOfficeAsync("call-cancelled");

        await using var db = _app.Database.Open();
        Assert.Equal([Taro], await db.Bookings.SelectMany(b => b.Cards).Select(c => c.ManagementNumber).ToListAsync());
        Assert.Equal("closure", (await db.BookingTombstones.SingleAsync()).CancelledBy);
    }
}

