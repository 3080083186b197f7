using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Madoguchi.Tests.Browser.Journeys;

/// <summary>
/// Citizens' journeys from the city's issue 12, on a phone, every step by clicking and typing, each
/// step kept as a screenshot and checked by axe-core. The clock stands on Monday 2027-02-22 10:00 in
/// Ueda: Wednesday 2/24 is the first open day. 丸子自治センター has one counter, so one seat a time.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class CitizenJourneys(Chromium chromium) : IAsyncLifetime
{
    private const string Holder = "A1B-123456";
    private const string HolderBirth = "1985-04-12";
    private const string Child = "C2D-654321";
    private const string ChildBirth = "2015-01-01";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Madoguchi:Booking:RequestsPerMinute"] = "1000",
        });
        await _app.ImportCardsAsync(_clock, (Holder, HolderBirth), (Child, ChildBirth));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task Citizen_books_one_card()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Phone, "journey-citizen-one-card");
        var code = await BookAsync(s, "本庁舎", "9:00〜9:15", "090-1234-5678", (Holder, HolderBirth));
        await Expect(s.Page.Locator("main")).ToContainTextAsync("2027年2月24日（水） 9:00〜9:15");
        await Expect(s.Page.Locator("main")).ToContainTextAsync("1 人");
        await using var db = _app.Database.Open();
        var booking = await db.Bookings.Include(b => b.Cards).SingleAsync();
        Assert.Equal((code, 1, "090-1234-5678"), (booking.Code, booking.People, booking.Phone));
    }

    /// <summary>
    /// Issue 12.10: without JavaScript the booking still goes through, and the done page shows no
    /// 印刷する button that could do nothing (the site's <c>[hidden]</c> rule wins over <c>button</c>'s display).
    /// </summary>
    [SkippableFact]
    public async Task Without_JavaScript_a_citizen_books_and_is_shown_no_dead_print_button()
    {
        // Screenshots only: axe and the other page checks run scripts, which this browser does not.
        await using var s = await Screen.OpenAsync(chromium, Viewport.Phone, "journey-citizen-no-javascript", javaScript: false);
        var page = s.Page;
        await s.GoAsync(_app.PublicUrl, "/book");
        await page.Locator("#card0-number").FillAsync(Holder);
        await page.Locator("#card0-birth").FillAsync(HolderBirth);
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await page.Locator("a.choice", new() { HasText = "本庁舎" }).ClickAsync();
        await page.Locator("td.day a", new() { Has = page.Locator(".date", new() { HasText = "24" }) }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "9:00〜9:15" }).ClickAsync();
        await page.Locator("#phone").FillAsync("090-1234-5678");
        await page.GetByRole(AriaRole.Button, new() { Name = "予約を確定する" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("予約しました");
        await Expect(page.Locator("main")).ToContainTextAsync("2027年2月24日（水） 9:00〜9:15");
        await s.KeepAsync("done");
        Assert.Equal(1, await page.Locator("button[data-print]").CountAsync());
        await Expect(page.Locator("button[data-print]")).ToBeHiddenAsync();
    }

    /// <summary>
    /// Issue 12.3: two cards at a one-counter place. Every time has one seat, so the family is
    /// offered consecutive times (9:00 and 9:15) and gets one booking code with a time each.
    /// </summary>
    [SkippableFact]
    public async Task Family_of_two_books_at_a_one_counter_place()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Phone, "journey-citizen-family-maruko");
        var page = s.Page;
        await StartAsync(s, (Holder, HolderBirth), (Child, ChildBirth));

        await page.Locator("a.choice", new() { HasText = "丸子自治センター" }).ClickAsync();
        await Expect(page.Locator("table.month caption")).ToHaveTextAsync("2027 年 2 月");
        await s.SeePublicAsync("calendar");

        await page.Locator("td.day a", new() { Has = page.Locator(".date", new() { HasText = "24" }) }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("時間を選んでください");
        await Expect(page.Locator("main")).ToContainTextAsync("続けて");
        await s.SeePublicAsync("times");

        await page.GetByRole(AriaRole.Button, new() { Name = "9:00〜9:30" }).ClickAsync();
        await Expect(page.Locator("#hold-until")).ToContainTextAsync("まで席を確保しています");
        await Expect(page.Locator("#member-times")).ToContainTextAsync("9:00〜9:15");
        await Expect(page.Locator("#member-times")).ToContainTextAsync("9:15〜9:30");
        await s.SeePublicAsync("confirm");

        await page.Locator("#phone").FillAsync("090-1234-5678");
        await page.GetByRole(AriaRole.Button, new() { Name = "予約を確定する" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("予約しました");
        var code = (await page.Locator("#booking-code").InnerTextAsync()).Trim();
        await Expect(page.Locator("#member-times")).ToContainTextAsync("9:00〜9:15");
        await Expect(page.Locator("#member-times")).ToContainTextAsync("9:15〜9:30");
        await Expect(page.Locator("main")).ToContainTextAsync("2 人");
        await s.SeePublicAsync("done");

        await using var db = _app.Database.Open();
        var booking = await db.Bookings.Include(b => b.Cards).SingleAsync();
        Assert.Equal((code, 2), (booking.Code, booking.People));
        var taken = await db.Slots.AsNoTracking().Where(x => x.Taken > 0).OrderBy(x => x.Start).Select(x => new { x.Start, x.Taken }).ToListAsync();
        Assert.Equal(2, taken.Count);
        Assert.All(taken, t => Assert.Equal(1, t.Taken));
    }

    [SkippableFact]
    public async Task Citizen_checks_a_booking()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Phone, "journey-citizen-check");
        var page = s.Page;
        var code = await BookAsync(s, "本庁舎", "10:00〜10:15", "0268-22-4100", (Holder, HolderBirth));

        await page.GetByRole(AriaRole.Link, new() { Name = "マイナンバーカード交付予約" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "予約を確認する" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("予約の確認");
        await s.SeePublicAsync("look-up");

        await page.Locator("#code").FillAsync(code);
        await page.Locator("#number").FillAsync(Holder);
        await page.Locator("#birth").FillAsync(HolderBirth);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Expect(page.Locator("#booking")).ToContainTextAsync(code);
        await Expect(page.Locator("#booking")).ToContainTextAsync("10:00〜10:15");
        await s.SeePublicAsync("booking");
    }

    /// <summary>Issue 12.4: Back after booking must say the booking exists and show its code, not that the hold ran out.</summary>
    [SkippableFact]
    public async Task Back_after_booking_shows_the_booking()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Phone, "journey-citizen-back");
        var page = s.Page;
        var code = await BookAsync(s, "本庁舎", "9:00〜9:15", "090-1234-5678", (Holder, HolderBirth));

        await page.GoBackAsync();
        if (await page.GetByRole(AriaRole.Button, new() { Name = "予約を確定する" }).IsVisibleAsync())
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "予約を確定する" }).ClickAsync();
        }

        await Expect(page.Locator("main")).Not.ToContainTextAsync("席の確保を取り消しました");
        await Expect(page.Locator("#booking-code")).ToHaveTextAsync(code);
        await Expect(page.Locator("#already")).ToContainTextAsync("すでに予約しています");
        await s.SeePublicAsync("back");
        await using var db = _app.Database.Open();
        Assert.Equal(1, await db.Bookings.CountAsync());
    }

    /// <summary>Issue 12.9: the hold running out keeps the typed phone number and e-mail through choosing again.</summary>
    [SkippableFact]
    public async Task Hold_running_out_keeps_the_phone()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Phone, "journey-citizen-hold-expired");
        var page = s.Page;
        await StartAsync(s, (Holder, HolderBirth));
        await ChooseAsync(s, "本庁舎", "9:00〜9:15");
        await page.Locator("#phone").FillAsync("090-1234-5678");
        await page.Locator("#email").FillAsync("holder@example.jp");
        await s.KeepAsync("typed");

        _clock.Advance(TimeSpan.FromMinutes(11));
        await page.GetByRole(AriaRole.Button, new() { Name = "予約を確定する" }).ClickAsync();
        await Expect(page.Locator("#problem")).ToContainTextAsync("席の確保を取り消しました");
        await s.SeePublicAsync("expired");

        await page.GetByRole(AriaRole.Button, new() { Name = "時間を選び直す" }).Or(page.GetByRole(AriaRole.Link, new() { Name = "時間を選び直す" })).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("時間を選んでください");
        await s.SeePublicAsync("times-again");

        await page.GetByRole(AriaRole.Button, new() { Name = "9:15〜9:30" }).ClickAsync();
        await Expect(page.Locator("#phone")).ToHaveValueAsync("090-1234-5678");
        await Expect(page.Locator("#email")).ToHaveValueAsync("holder@example.jp");
        await s.SeePublicAsync("confirm-kept");

        await page.GetByRole(AriaRole.Button, new() { Name = "予約を確定する" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("予約しました");
        await Expect(page.Locator("main")).ToContainTextAsync("9:15〜9:30");
        await s.SeePublicAsync("done");
    }

    private async Task StartAsync(Screen s, params (string Number, string Birth)[] cards)
    {
        var page = s.Page;
        await s.GoAsync(_app.PublicUrl, "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "受け取りの日時を予約する" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("受け取りの予約");
        for (var i = 0; i < cards.Length; i++)
        {
            await page.Locator($"#card{i}-number").FillAsync(cards[i].Number);
            await page.Locator($"#card{i}-birth").FillAsync(cards[i].Birth);
        }

        await s.SeePublicAsync("cards");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("受け取る場所を選んでください");
        await s.SeePublicAsync("place");
    }

    private static async Task ChooseAsync(Screen s, string place, string time)
    {
        var page = s.Page;
        await page.Locator("a.choice", new() { HasText = place }).ClickAsync();
        await Expect(page.Locator("table.month caption")).ToHaveTextAsync("2027 年 2 月");
        await s.SeePublicAsync("calendar");
        await page.Locator("td.day a", new() { Has = page.Locator(".date", new() { HasText = "24" }) }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("時間を選んでください");
        await s.SeePublicAsync("times");
        await page.GetByRole(AriaRole.Button, new() { Name = time }).ClickAsync();
        await Expect(page.Locator("#hold-until")).ToContainTextAsync("まで席を確保しています");
        await s.SeePublicAsync("confirm");
    }

    private async Task<string> BookAsync(Screen s, string place, string time, string phone, params (string Number, string Birth)[] cards)
    {
        var page = s.Page;
        await StartAsync(s, cards);
        await ChooseAsync(s, place, time);
        await page.Locator("#phone").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "予約を確定する" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("予約しました");
        var code = (await page.Locator("#booking-code").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}$", code);
        await s.SeePublicAsync("done");
        return code;
    }
}
