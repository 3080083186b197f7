using Madoguchi.Staff;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Madoguchi.Tests.Browser.Journeys;

/// <summary>The 監査 and 管理者 roles' own work, in Chromium, every step by clicking and typing.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class AdminAuditJourneys(Chromium chromium) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 24, 0, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync() => _app = await MadoguchiApp.StartAsync(clock: _clock);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task The_auditor_searches_the_audit_log_and_verifies_it()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "auditor-searches-and-verifies");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, _app, StaffRole.Auditor, "journey-kansa");

        await OfficeDesk.Menu(page, "監査ログ").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("監査ログの検索");
        await page.Locator("#login").FillAsync("journey-kansa");
        await s.SeeOfficeAsync("search-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索 / Search" }).ClickAsync();
        var rows = page.Locator("main tr[data-entry]");
        await Expect(rows.First).ToBeVisibleAsync();
        // Only the auditor's own entries: the sign-in, and the search pages opened.
        foreach (var row in await rows.AllAsync())
        {
            await Expect(row).ToContainTextAsync("journey-kansa");
        }

        await Expect(page.Locator("main")).ToContainTextAsync("staff.signin");
        await s.SeeOfficeAsync("search-results");

        await OfficeDesk.Menu(page, "改ざんの確認").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("監査ログの検証");
        await Expect(page.Locator("#result")).ToHaveAttributeAsync("data-ok", "true");
        await Expect(page.Locator("#entries")).Not.ToHaveTextAsync("0 件");
        await s.SeeOfficeAsync("verified");
    }

    [SkippableFact]
    public async Task The_administrator_makes_a_clerk_a_part_timer_then_stops_the_account_and_each_change_ends_the_open_session()
    {
        await using var clerk = await Screen.OpenAsync(chromium, Viewport.Desktop, "clerk-whose-account-changes");
        var own = clerk.Page;
        var key = await OfficeDesk.SignInAsync(clerk, _app, StaffRole.Clerk, "kakari");
        await Expect(OfficeDesk.Menu(own, "電話での予約")).ToBeVisibleAsync();

        await using var admin = await Screen.OpenAsync(chromium, Viewport.Desktop, "admin-changes-an-account");
        var page = admin.Page;
        await OfficeDesk.SignInAsync(admin, _app, StaffRole.Administrator, "journey-admin");
        await OfficeDesk.Menu(page, "職員アカウント").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "kakari を変更" }).ClickAsync();
        await page.Locator("#edit-role").SelectOptionAsync("パート");
        await admin.SeeOfficeAsync("role-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "変更を保存する" }).ClickAsync();
        await Expect(page.Locator("#changed")).ToContainTextAsync("kakari を変更しました");
        await Expect(page.Locator("main tbody tr", new() { HasTextString = "kakari" })).ToContainTextAsync("パート");
        await admin.SeeOfficeAsync("role-changed");

        // The clerk's next click, on the page still open, asks for a sign-in; after it only the counter is offered.
        await OfficeDesk.Menu(own, "電話での予約").ClickAsync();
        await Expect(own.Locator("h1")).ToContainTextAsync("サインイン");
        await clerk.SeeOfficeAsync("signed-out-by-role-change");
        // Half a minute on: the authenticator shows a new code (each code opens one session).
        _clock.Advance(TimeSpan.FromSeconds(30));
        await OfficeDesk.SignInWithKeyAsync(clerk, _app, "kakari", key);
        await Expect(OfficeDesk.Menu(own, "当日の窓口")).ToBeVisibleAsync();
        await Expect(OfficeDesk.Menu(own, "電話での予約")).ToHaveCountAsync(0);

        // The part-timer leaves: the administrator stops the account.
        await page.GetByRole(AriaRole.Link, new() { Name = "kakari を変更" }).ClickAsync();
        await page.Locator("#edit-stopped").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "変更を保存する" }).ClickAsync();
        await Expect(page.Locator("#changed")).ToContainTextAsync("kakari を止めました");
        await Expect(page.Locator("main tbody tr", new() { HasTextString = "kakari" })).ToContainTextAsync("停止中");
        await admin.SeeOfficeAsync("stopped");

        await OfficeDesk.Menu(own, "当日の窓口").ClickAsync();
        await Expect(own.Locator("h1")).ToContainTextAsync("サインイン");
        await own.Locator("#login").FillAsync("kakari");
        await own.Locator("#password").FillAsync(OfficeDesk.Password);
        await own.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await Expect(own.Locator("main")).ToContainTextAsync("今サインインできません");
        await clerk.SeeOfficeAsync("stopped-account-refused");

        // Neither may the administrator stop their own account.
        await page.GetByRole(AriaRole.Link, new() { Name = "journey-admin を変更" }).ClickAsync();
        await page.Locator("#edit-stopped").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "変更を保存する" }).ClickAsync();
        await Expect(page.Locator("#staff-error")).ToContainTextAsync("自分のアカウントを止めたり");

        await using var db = _app.Database.Open();
        var changes = await db.AuditEntries.Where(e => e.Action.StartsWith("staff.change")).OrderBy(e => e.Id).Select(e => new { e.Action, e.Outcome }).ToListAsync();
        Assert.Equal(
            [("staff.change", "ok"), ("staff.change.stop", "ok"), ("staff.change.stop", "refused")],
            changes.Select(c => (c.Action, c.Outcome)).ToList());
    }

    [SkippableFact]
    public async Task The_administrator_creates_an_account_and_its_owner_sets_it_up_at_first_sign_in()
    {
        await using var admin = await Screen.OpenAsync(chromium, Viewport.Desktop, "admin-creates-an-account");
        var page = admin.Page;
        await OfficeDesk.SignInAsync(admin, _app, StaffRole.Administrator, "journey-admin");

        await OfficeDesk.Menu(page, "職員アカウント").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("職員アカウント");
        await page.Locator("#login").FillAsync("shinjin");
        await page.Locator("#name").FillAsync("新人 花子");
        await page.Locator("#role").SelectOptionAsync("職員");
        await admin.SeeOfficeAsync("new-account-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "追加する" }).ClickAsync();
        await Expect(page.Locator("#created")).ToContainTextAsync("新人 花子");
        var firstPassword = (await page.Locator("#first-password").InnerTextAsync()).Trim();
        Assert.Matches("^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$", firstPassword);
        await Expect(page.Locator("main tbody")).ToContainTextAsync("初回設定待ち");
        await admin.SeeOfficeAsync("created");

        // The new clerk, at another PC, with the password the administrator handed over.
        await using var clerk = await Screen.OpenAsync(chromium, Viewport.Desktop, "new-account-first-sign-in");
        var own = clerk.Page;
        await clerk.GoAsync(_app.OfficeUrl, "/office/");
        await Expect(own.Locator("h1")).ToContainTextAsync("サインイン");
        await own.Locator("#login").FillAsync("shinjin");
        await own.Locator("#password").FillAsync(firstPassword);
        await clerk.SeeOfficeAsync("sign-in");
        await own.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        await Expect(own.Locator("h1")).ToContainTextAsync("初回の設定");
        await Expect(own.Locator(".qr svg")).ToBeVisibleAsync();
        // Until set-up is done there is no staff menu.
        await Expect(own.Locator("nav.office")).ToHaveCountAsync(0);
        var key = (await own.Locator("#authenticator-key").InnerTextAsync()).Trim();
        await own.Locator("#password").FillAsync("shinjin-no-nagai-password");
        await own.Locator("#confirm").FillAsync("shinjin-no-nagai-password");
        // What the authenticator app shows after reading the QR code.
        await own.Locator("#code").FillAsync(_app.CodeNow(key));
        await clerk.SeeOfficeAsync("setup-form");
        await own.GetByRole(AriaRole.Button, new() { Name = "設定する" }).ClickAsync();

        await Expect(own.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        await clerk.SeeOfficeAsync("recovery-codes");
        await own.GetByRole(AriaRole.Link, new() { Name = "職員メニューへ" }).ClickAsync();
        await Expect(own.Locator("nav.office")).ToContainTextAsync("新人 花子");
        await Expect(OfficeDesk.Menu(own, "電話での予約")).ToBeVisibleAsync();
        await clerk.SeeOfficeAsync("menu");

        // The administrator's list shows the account in use now.
        await OfficeDesk.Menu(page, "職員アカウント").ClickAsync();
        await Expect(page.Locator("main tbody tr", new() { HasTextString = "shinjin" })).ToContainTextAsync("利用中");
        await admin.SeeOfficeAsync("in-use");
    }
}
