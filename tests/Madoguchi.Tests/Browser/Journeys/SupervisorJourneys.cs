using ClosedXML.Excel;

using Madoguchi.Staff;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Madoguchi.Tests.Browser.Journeys;

/// <summary>
/// A 係長's day in a real Chromium, every step by clicking and typing, a screenshot per step:
/// closing City Hall for a booked day, the call list, moving the day's bookings in one go, the
/// statistics saved as Excel and CSV, and 練習データを作り直す in training mode.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class SupervisorJourneys(Chromium chromium)
{
    private const string Taro = "A1B-123456";
    private const string Hanako = "C2D-654321";

    [SkippableFact]
    public async Task A_supervisor_closes_a_booked_day_calls_moves_the_bookings_and_saves_the_statistics()
    {
        // Monday 2027-02-22 10:00: two citizens booked City Hall for Monday 3/1 (13:00 and 13:15).
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 10, 0, 0, TimeSpan.FromHours(9)));
        await using var app = await MadoguchiApp.StartAsync(clock: clock);
        await app.ImportCardsAsync(clock, (Taro, "1985-04-12"), (Hanako, "1990-01-01"));
        var taroCode = await app.BookAsync(1, "2027-03-01T13:00:00+09:00", Taro, "1985-04-12", "090-1111-2222");
        var hanakoCode = await app.BookAsync(1, "2027-03-01T13:15:00+09:00", Hanako, "1990-01-01", "090-3333-4444");

        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "supervisor-day");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, app, StaffRole.Supervisor, "kakaricho-journey");

        // Close City Hall on 3/1: the page says two bookings are affected.
        await OfficeDesk.Menu(page, "休業日・閉鎖").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("休業日");
        await page.Locator("#PlaceId").SelectOptionAsync("1");
        await page.Locator("#Date").FillAsync("2027-03-01");
        await page.Locator("#Reason").FillAsync("庁舎の停電点検");
        await s.SeeOfficeAsync("closure-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "追加する" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("すでに予約が 2 件あります");
        await s.SeeOfficeAsync("closure-added");

        // The call list, with both phone numbers; the first call is recorded.
        await OfficeDesk.Menu(page, "閉鎖と連絡").ClickAsync();
        var row = page.Locator("tr[data-closure]");
        await Expect(row.Locator("[data-field=not-called]")).ToHaveTextAsync("2 件");
        await s.SeeOfficeAsync("closures");
        await row.Locator("a").First.ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("連絡の一覧");
        await Expect(page.Locator($"tr[data-booking='{taroCode}'] [data-field=phone]")).ToHaveTextAsync("090-1111-2222");
        var hanako = page.Locator($"tr[data-booking='{hanakoCode}']");
        await Expect(hanako.Locator("[data-field=phone]")).ToHaveTextAsync("090-3333-4444");
        await s.SeeOfficeAsync("call-list");
        await hanako.Locator("select").SelectOptionAsync("Reached");
        await hanako.Locator("input[name=note]").FillAsync("翌日に移すことで了承");
        await hanako.GetByRole(AriaRole.Button, new() { Name = "記録" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("「話せた」にしました");
        await s.SeeOfficeAsync("call-reached");

        // Both bookings move to Tuesday 3/2 at City Hall in one go.
        await page.GetByRole(AriaRole.Link, new() { Name = "まとめて別の日へ移す" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("まとめて別の日へ移す");
        await page.Locator("#Date").FillAsync("2027-03-02");
        await page.Locator("#PlaceId").SelectOptionAsync("1");
        await s.SeeOfficeAsync("move-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "2 件を移す" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("2 件の予約を");
        await Expect(page.Locator("#notice")).ToContainTextAsync("移し");
        await s.SeeOfficeAsync("moved");

        await using (var db = app.Database.Open())
        {
            var days = await db.Bookings.Select(b => b.Start).ToListAsync();
            Assert.All(days, d => Assert.Equal(new DateOnly(2027, 3, 2), DateOnly.FromDateTime(d.ToOffset(TimeSpan.FromHours(9)).DateTime)));
        }

        // The statistics of March, saved as Excel (every table) and one table as CSV.
        await OfficeDesk.Menu(page, "統計").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("統計");
        await page.Locator("#from").FillAsync("2027-03-01");
        await page.Locator("#to").FillAsync("2027-03-31");
        await page.Locator("#period").SelectOptionAsync("week");
        await page.GetByRole(AriaRole.Button, new() { Name = "表示" }).ClickAsync();
        await Expect(page.Locator("#from")).ToHaveValueAsync("2027-03-01");
        await s.SeeOfficeAsync("statistics");

        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "すべての表を Excel で保存 (.xlsx)" }).ClickAsync());
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename, StringComparison.Ordinal);
        using (var workbook = new XLWorkbook(new MemoryStream(await File.ReadAllBytesAsync(await xlsx.PathAsync()))))
        {
            Assert.NotEmpty(workbook.Worksheets);
            Assert.False(workbook.Worksheets.First().CellsUsed().Count() == 0);
        }

        await s.SeeOfficeAsync("statistics-xlsx-saved");
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "この表を CSV で保存" }).First.ClickAsync());
        Assert.EndsWith(".csv", csv.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(await csv.PathAsync());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("2027", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        await s.SeeOfficeAsync("statistics-csv-saved");
    }

    [SkippableFact]
    public async Task A_supervisor_resets_the_training_data_and_finds_todays_bookings_at_the_counter()
    {
        // Training mode on Wednesday 2027-02-24 at 11:05: the morning is over, the afternoon to come.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 24, 11, 5, 0, TimeSpan.FromHours(9)));
        await using var app = await MadoguchiApp.StartAsync(demo: true, clock: clock);
        long firstImport;
        await using (var db = app.Database.Open())
        {
            firstImport = await db.LedgerImports.Select(i => i.Id).SingleAsync();
        }

        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "supervisor-resets-training");
        var page = s.Page;
        await OfficeDesk.SignInAsync(s, app, StaffRole.Supervisor, "kakaricho-training");

        await OfficeDesk.Menu(page, "職員メニュー").ClickAsync();
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "練習データを作り直す" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("練習データを作り直す");
        await Expect(page.Locator("main")).ToContainTextAsync("監査ログはだれにも消せず");
        await s.SeeOfficeAsync("reset-page");

        // Pressed without the confirmation: nothing happens, the page says what to do.
        await page.GetByRole(AriaRole.Button, new() { Name = "練習データを作り直す" }).ClickAsync();
        await Expect(page.Locator("#problem")).ToContainTextAsync("チェックを入れてください");
        await s.SeeOfficeAsync("not-confirmed");

        await page.Locator("#confirmed").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "練習データを作り直す" }).ClickAsync();
        await Expect(page.Locator("#notice")).ToContainTextAsync("練習データを作り直しました");
        await s.SeeOfficeAsync("reset-done");

        await page.Locator("#notice").GetByRole(AriaRole.Link, new() { Name = "当日の窓口へ" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("当日の窓口");
        await Expect(page.Locator("tbody[data-status=Issued]")).ToHaveCountAsync(2);
        await Expect(page.Locator("tbody[data-status=CheckedIn]")).ToHaveCountAsync(1);
        await Expect(page.Locator("tbody[data-status=NoShow]")).ToHaveCountAsync(1);
        Assert.True(await page.Locator("tbody[data-status=Booked]").CountAsync() >= 4);
        await s.SeeOfficeAsync("counter-after-reset");

        await using (var db = app.Database.Open())
        {
            Assert.NotEqual(firstImport, await db.LedgerImports.Select(i => i.Id).SingleAsync());
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "training.reset" && e.StaffLogin == "kakaricho-training"));
        }
    }
}
