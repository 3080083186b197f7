using Madoguchi.Booking;
using Madoguchi.Staff;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Madoguchi.Tests.Browser.Journeys;

/// <summary>
/// A 職員's day at the counter and on the phone, and a パート kept to the day, in a real Chromium:
/// every step by clicking and typing, a screenshot per step. Citizens booked through the public API
/// on Monday 2027-02-22 10:00: Taro at City Hall on Wednesday 2/24 9:00 (phone 0268-22-1111), Hanako
/// at City Hall on Friday 2/26 13:00. Jiro and Saburo have no booking.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ClerkJourneys(Chromium chromium) : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string Hanako = "C2D-654321";
    private const string Jiro = "E3F-111111";
    private const string Saburo = "G4H-222222";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;
    private string _taroCode = "";
    private string _hanakoCode = "";

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock);
        await _app.ImportCardsAsync(_clock, (Taro, "1985-04-12"), (Hanako, "1990-01-01"), (Jiro, "1987-07-07"), (Saburo, "1970-03-03"));
        _taroCode = await _app.BookAsync(1, "2027-02-24T09:00:00+09:00", Taro, "1985-04-12", "0268-22-1111");
        _hanakoCode = await _app.BookAsync(1, "2027-02-26T13:00:00+09:00", Hanako, "1990-01-01", "090-3333-4444");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task A_clerk_books_for_a_caller_from_start_to_finish()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "clerk-books-for-a-caller");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, _app, StaffRole.Clerk, "madoguchi-clerk");

        await OfficeDesk.Menu(page, "電話での予約").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "電話で予約を受ける（代理予約）" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("電話で予約を受ける");
        await s.SeeOfficeAsync("form");

        await page.Locator("#card0-number").FillAsync("ｅ３ｆ１１１１１１");
        await page.Locator("#card0-birth").FillAsync("S62.7.7");
        await page.Locator("#place").SelectOptionAsync(new SelectOptionValue { Label = "本庁舎 市民課" });
        await page.Locator("#date").FillAsync("2027-02-25");
        await s.SeeOfficeAsync("card-and-day");
        await page.GetByRole(AriaRole.Button, new() { Name = "空き時間を表示" }).ClickAsync();
        var ten = page.GetByRole(AriaRole.Radio, new() { Name = "10:00〜" });
        await Expect(ten).ToBeVisibleAsync();
        await s.SeeOfficeAsync("times");

        await page.GetByText("10:00〜10:15").ClickAsync();
        await Expect(ten).ToBeCheckedAsync();
        await page.Locator("#phone").FillAsync("０２６８－２２－５５５５");
        await s.SeeOfficeAsync("time-and-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "予約する" }).ClickAsync();

        await Expect(page.Locator("#made")).ToContainTextAsync("予約しました");
        var code = await page.Locator("#made [data-code]").GetAttributeAsync("data-code");
        await Expect(page.Locator("h1")).ToContainTextAsync(code!);
        await Expect(page.Locator("[data-field=time]")).ToContainTextAsync("10:00");
        await s.SeeOfficeAsync("booked");

        await using var db = _app.Database.Open();
        var booking = await db.Bookings.Include(b => b.Cards).SingleAsync(b => b.Code == code);
        Assert.Equal(("phone", "0268-22-5555", Jiro), (booking.Channel, booking.Phone, booking.Cards.Single().ManagementNumber));
        Assert.Equal(new DateTimeOffset(2027, 2, 25, 10, 0, 0, TimeSpan.FromHours(9)), booking.Start);
    }

    [SkippableFact]
    public async Task A_clerk_finds_checks_in_issues_issues_a_walk_in_and_corrects_it()
    {
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 8, 50, 0, TimeSpan.FromHours(9)));
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "clerk-counter-day");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, _app, StaffRole.Clerk, "madoguchi-clerk");

        await OfficeDesk.Menu(page, "当日の窓口").ClickAsync();
        var taroRow = page.Locator($"tbody[data-code='{_taroCode}']");
        await Expect(taroRow).ToBeVisibleAsync();
        // The code stays on one line and the table starts on the first screen (1280 x 800).
        Assert.Equal(1, await taroRow.Locator("td.code a").EvaluateAsync<int>("a => a.getClientRects().length"));
        Assert.True((await page.Locator("table.day").BoundingBoxAsync())!.Y < 800, "the day's table starts below the first screen");
        await s.SeeOfficeAsync("day-list");

        // By code, typed by hand: lower case, no hyphen. Hanako's booking is another day's.
        await page.Locator("#q").FillAsync(_hanakoCode.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "探す / Find" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(_hanakoCode);
        await s.SeeOfficeAsync("found-by-code");

        // By the QR text, as a reader types it, then Enter.
        await OfficeDesk.Menu(page, "当日の窓口").ClickAsync();
        await page.Locator("#q").FillAsync(_taroCode);
        await page.Locator("#q").PressAsync("Enter");
        await Expect(page.Locator("h1")).ToContainTextAsync(_taroCode);
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "Booked");
        await s.SeeOfficeAsync("found-by-qr");

        await page.Locator("#counter").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "来庁を記録" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "CheckedIn");
        await s.SeeOfficeAsync("checked-in");

        await page.Locator("#number").FillAsync("Ａ１Ｂ－１２３４５６");
        await page.Locator("#number").PressAsync("Enter");
        await Expect(page.Locator("[data-confirm-number]")).ToHaveTextAsync(Taro);
        await page.Locator("#confirmed").CheckAsync();
        await s.SeeOfficeAsync("id-checked");
        await page.GetByRole(AriaRole.Button, new() { Name = "交付する" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync($"管理番号 {Taro}");
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "Issued");
        await s.SeeOfficeAsync("issued");

        // A walk-in: City Hall has two counters, and the form offers those two.
        await OfficeDesk.Menu(page, "当日の窓口").ClickAsync();
        await page.Locator("#q").FillAsync(Jiro);
        await page.Locator("#q").PressAsync("Enter");
        await Expect(page.Locator("#walkin-heading")).ToBeVisibleAsync();
        await Expect(page.Locator("#counter option")).ToHaveTextAsync(["窓口 1", "窓口 2"]);
        await s.SeeOfficeAsync("walk-in-form");
        await page.Locator("#counter").SelectOptionAsync("1");
        await page.Locator("#number").FillAsync(Jiro);
        await page.Locator("#confirmed").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "予約なしで交付する" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("予約なしで交付済みにしました（窓口1）");
        await s.SeeOfficeAsync("walk-in-issued");

        await page.GetByRole(AriaRole.Link, new() { Name = $"訂正する（交付 {Jiro}）" }).ClickAsync();
        await page.Locator("#reason").FillAsync("別の方のカードの番号で交付済みにしたため");
        await s.SeeOfficeAsync("correction-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "訂正する / Correct" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync($"管理番号 {Jiro} の交付を訂正しました");
        await s.SeeOfficeAsync("corrected");

        await using var db = _app.Database.Open();
        var issues = await db.CardIssues.OrderBy(i => i.Id).ToListAsync();
        Assert.Equal([(Taro, 2, false), (Jiro, 1, true)], issues.Select(i => (i.ManagementNumber, i.Counter, i.CorrectedAt is not null)));
        Assert.Equal(Madoguchi.Ledger.CardStatus.Issued, (await db.LedgerEntries.SingleAsync(e => e.ManagementNumber == Taro)).Status);
        Assert.NotEqual(Madoguchi.Ledger.CardStatus.Issued, (await db.LedgerEntries.SingleAsync(e => e.ManagementNumber == Jiro)).Status);
    }

    [SkippableFact]
    public async Task A_clerk_finds_a_booking_by_phone_number_changes_its_time_and_cancels_it()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "clerk-phone-search");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, _app, StaffRole.Clerk, "madoguchi-clerk");

        await OfficeDesk.Menu(page, "電話での予約").ClickAsync();
        // The way a caller reads it out, typed on a Japanese keyboard: full width, no hyphens.
        await page.Locator("#phone").FillAsync("０２６８２２１１１１");
        await s.SeeOfficeAsync("search-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        await Expect(page.Locator("#results")).ToContainTextAsync("1 件");
        await Expect(page.Locator($"tr[data-booking='{_taroCode}']")).ToContainTextAsync("0268-22-1111");
        await s.SeeOfficeAsync("found-by-phone");

        // The international writing finds the same booking; the number typed into the code field too.
        await page.Locator("#phone").FillAsync("+81 268-22-1111");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        await Expect(page.Locator($"tr[data-booking='{_taroCode}']")).ToBeVisibleAsync();
        await page.Locator("#phone").FillAsync("");
        await page.Locator("#code").FillAsync("0268-22-1111");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        await Expect(page.Locator($"tr[data-booking='{_taroCode}']")).ToBeVisibleAsync();
        await s.SeeOfficeAsync("found-by-phone-in-code-field");

        await page.GetByRole(AriaRole.Link, new() { Name = _taroCode }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(_taroCode);
        await page.Locator("#move-date").FillAsync("2027-02-25");
        await page.GetByRole(AriaRole.Button, new() { Name = "空き時間を表示" }).ClickAsync();
        await page.GetByText("11:00〜11:15").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "11:00〜11:15" })).ToBeCheckedAsync();
        await s.SeeOfficeAsync("new-time-chosen");
        await page.GetByRole(AriaRole.Button, new() { Name = "この時間に変更する" }).ClickAsync();
        await Expect(page.Locator("#moved")).ToContainTextAsync("11:00");
        await s.SeeOfficeAsync("moved");

        await page.Locator("#reason").FillAsync("都合が悪くなった");
        await s.SeeOfficeAsync("cancel-reason");
        await page.GetByRole(AriaRole.Button, new() { Name = "予約を取り消す" }).ClickAsync();
        await Expect(page.Locator("#cancelled")).ToContainTextAsync(_taroCode);
        await s.SeeOfficeAsync("cancelled");

        await using var db = _app.Database.Open();
        Assert.False(await db.Bookings.AnyAsync(b => b.Code == _taroCode));
        var searches = await db.AuditEntries.Where(e => e.Action == "booking.search").ToListAsync();
        Assert.Equal(3, searches.Count);
        Assert.All(searches, e => Assert.DoesNotContain("1111", e.Records, StringComparison.Ordinal));
        Assert.All(searches, e => Assert.StartsWith("booking:", e.Records, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_clerk_at_the_counter_cancels_another_days_booking_of_the_card_in_hand_and_hands_it_over()
    {
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 10, 0, 0, TimeSpan.FromHours(9)));
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "clerk-cancels-from-counter");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, _app, StaffRole.Clerk, "madoguchi-clerk");

        await OfficeDesk.Menu(page, "当日の窓口").ClickAsync();
        await page.Locator("#q").FillAsync(Hanako);
        await page.Locator("#q").PressAsync("Enter");
        await Expect(page.Locator("#cannot-issue")).ToContainTextAsync(_hanakoCode);
        await Expect(page.Locator("#cannot-issue")).Not.ToContainTextAsync("頼んで");
        await s.SeeOfficeAsync("card-booked-another-day");

        await page.GetByRole(AriaRole.Link, new() { Name = "この予約を取り消す" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(_hanakoCode);
        await page.Locator("#reason").FillAsync("本人が来庁し、当日交付を希望");
        await s.SeeOfficeAsync("cancel-reason");
        await page.GetByRole(AriaRole.Button, new() { Name = "予約を取り消す" }).ClickAsync();
        await Expect(page.Locator("#cancelled")).ToContainTextAsync(_hanakoCode);
        await s.SeeOfficeAsync("cancelled");

        await OfficeDesk.Menu(page, "当日の窓口").ClickAsync();
        await page.Locator("#q").FillAsync(Hanako);
        await page.Locator("#q").PressAsync("Enter");
        await Expect(page.Locator("#walkin-heading")).ToBeVisibleAsync();
        await s.SeeOfficeAsync("walk-in-now-possible");
    }

    [SkippableFact]
    public async Task A_part_timer_is_kept_to_the_day_at_the_counter()
    {
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 8, 50, 0, TimeSpan.FromHours(9)));
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "part-timer-today-only");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, _app, StaffRole.PartTimer, "madoguchi-part");

        await OfficeDesk.Menu(page, "当日の窓口").ClickAsync();
        await Expect(page.Locator($"tbody[data-code='{_taroCode}']")).ToBeVisibleAsync();
        await s.SeeOfficeAsync("today");

        await page.Locator("#date").FillAsync("2027-02-26");
        await page.GetByRole(AriaRole.Button, new() { Name = "表示 / Show" }).ClickAsync();
        await Expect(page.Locator("#problem")).ToContainTextAsync("当日");
        await Expect(page.Locator("main")).Not.ToContainTextAsync(_hanakoCode);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("試験");
        await s.SeeOfficeAsync("future-day-refused");

        // Another day's booking code, typed as a QR reader would.
        await page.Locator("#q").FillAsync(_hanakoCode);
        await page.Locator("#q").PressAsync("Enter");
        await Expect(page.Locator("#problem")).ToContainTextAsync("当日");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("試験");
        await s.SeeOfficeAsync("future-booking-refused");

        // A card booked for another day: パート are told to ask, with no link to cancel.
        await page.Locator("#q").FillAsync(Hanako);
        await page.Locator("#q").PressAsync("Enter");
        await Expect(page.Locator("#cannot-issue")).ToContainTextAsync("係長・職員）に頼んで");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "この予約を取り消す" })).ToHaveCountAsync(0);
        await s.SeeOfficeAsync("card-booked-ask-a-clerk");

        await using var db = _app.Database.Open();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "counter.daylist.view" && e.Outcome == "refused"));
    }

    [SkippableFact]
    public async Task A_clerk_unlocks_a_card_that_wrong_dates_locked_and_the_citizen_goes_on_online()
    {
        // Saburo (born 1970-03-03) mistypes his date five times on the booking page; the sixth try, right, is refused.
        await using var citizen = await Screen.OpenAsync(chromium, Viewport.Phone, "card-locked-citizen");
        var web = citizen.Page;
        async Task TryAsync(string birth)
        {
            await citizen.GoAsync(_app.PublicUrl, "/book");
            await web.Locator("#card0-number").FillAsync(Saburo);
            await web.Locator("#card0-birth").FillAsync(birth);
            await web.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        }

        for (var day = 1; day <= 5; day++)
        {
            await TryAsync($"1970040{day}");
            await Expect(web.Locator("main")).ToContainTextAsync("番号か生年月日が違います");
        }

        await TryAsync("19700303");
        await Expect(web.Locator("main")).ToContainTextAsync("まで止めています");
        await Expect(web.Locator("main")).ToContainTextAsync("お電話ください");
        await citizen.SeePublicAsync("locked");

        // He calls; the clerk finds the card in the list of locked cards and unlocks it.
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "clerk-unlocks-a-card");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, _app, StaffRole.Clerk, "madoguchi-clerk");
        await OfficeDesk.Menu(page, "電話での予約").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "止まっているカード" }).ClickAsync();
        var row = page.Locator($"#locked tr[data-number='{Saburo}']");
        await Expect(row).ToContainTextAsync("1 か所");
        await s.SeeOfficeAsync("list");
        await row.GetByRole(AriaRole.Button, new() { Name = "止まりを解く" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync($"{Saburo} の止まりを解きました");
        await Expect(page.Locator("#none")).ToBeVisibleAsync();
        await s.SeeOfficeAsync("unlocked");

        // Online again, his right date goes through to the choice of place.
        await TryAsync("19700303");
        await Expect(web.Locator("main")).ToContainTextAsync("1 人分の予約です");
        await citizen.SeePublicAsync("after-unlock");

        await using var db = _app.Database.Open();
        var entryId = await db.LedgerEntries.Where(e => e.ManagementNumber == Saburo).Select(e => e.Id).SingleAsync();
        var unlock = await db.AuditEntries.SingleAsync(e => e.Action == "card.unlock");
        Assert.Equal(("ok", $"ledger:{entryId}", "madoguchi-clerk"), (unlock.Outcome, unlock.Records, unlock.StaffLogin));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "card.locks.view" && e.Records == $"ledger:{entryId}"));
    }
}
