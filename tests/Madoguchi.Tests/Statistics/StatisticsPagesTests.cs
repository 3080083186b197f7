using ClosedXML.Excel;

using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Counter;
using Madoguchi.Exports;
using Madoguchi.Staff;

namespace Madoguchi.Tests.Statistics;

/// <summary>
/// The statistics pages and every export in the office zone. Today is Monday 2027-02-22, 10:00.
/// 太郎 is booked at 本庁舎 on Wednesday 2/24 9:00 and his card is handed over there at 9:05 by
/// counter 1; 花子's card waits. The figure tests (<see cref="CounterStatisticsTests"/>) check the
/// counting; these check who may read and save what, what is recorded, and what the files hold.
/// </summary>
public sealed class StatisticsPagesTests : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string Hanako = "C2D-654321";
    private const string TaroBirth = "1985-04-12";
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);
    private static readonly string[] Everywhere = ["honcho", "minami", "maruko", "sanada", "takeshi"];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 10, 0, 0, Japan));
    private MadoguchiApp _app = null!;
    private long _booking;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock);
        await _app.ImportCardsAsync(_clock, (Taro, TaroBirth), (Hanako, "1990-01-01"));
        await using var db = _app.Database.Open();
        var honcho = await db.Places.Where(p => p.Code == "honcho").Select(p => p.Id).SingleAsync();
        var made = await new ConfirmBooking(db, _clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings()).RunAsync(
            new ConfirmRequest(null, honcho, new DateTimeOffset(2027, 2, 24, 9, 0, 0, Japan), [new CardProof(Taro, TaroBirth)], "090-1234-5678", null, "web"));
        Assert.True(made.Ok, made.Problem?.Detail);
        _booking = await db.Bookings.Where(b => b.Code == made.Value!.Code).Select(b => b.Id).SingleAsync();
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 9, 0, 0, Japan));
        Assert.True((await new CheckIn(db, _clock, TestAudit.Trail(_clock)).RunAsync(_booking, 1, Everywhere)).Ok);
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 9, 5, 0, Japan));
        Assert.True((await new IssueCard(db, _clock, TestAudit.Trail(_clock)).ForBookingAsync(_booking, Taro, confirmed: true, 1, Everywhere)).Ok);
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 12, 0, 0, Japan));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_auditor_reads_the_dashboard_its_charts_have_names_and_the_same_numbers_stand_in_tables()
    {
        await _app.SignInAsync(StaffRole.Auditor);

        var page = await _app.PageAsync(_app.Office, "/office/statistics?from=2027-02-22&to=2027-02-28&period=day&place=honcho");

        Assert.Equal("1 枚", page.QuerySelector("[data-figure=issued-booking]")!.TextContent.Trim());
        Assert.Equal("0 枚", page.QuerySelector("[data-figure=issued-walkin]")!.TextContent.Trim());
        // Fiscal year 2026 so far: the one card, through a booking.
        Assert.StartsWith("100.0%", page.QuerySelector("[data-figure=year-share]")!.TextContent.Trim(), StringComparison.Ordinal);
        // Wednesday's row: 70 seats at 本庁舎, 1 booked.
        var wednesday = page.QuerySelectorAll("table#periods tr[data-start='2027-02-24'] td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["70", "1", "1", "1.4%", "1", "0", "1"], wednesday.Take(7));

        var charts = page.QuerySelectorAll("svg.chart");
        Assert.Equal(7, charts.Length);
        foreach (var chart in charts)
        {
            Assert.Equal("img", chart.GetAttribute("role"));
            var named = chart.GetAttribute("aria-labelledby")!.Split(' ');
            Assert.Equal(["title", "desc"], named.Select(id => page.GetElementById(id)!.LocalName));
            Assert.False(string.IsNullOrWhiteSpace(page.GetElementById(named[1])!.TextContent));
        }

        // No inline style (the policy forbids it), no script but the app's own, and no personal data.
        Assert.Empty(page.QuerySelectorAll("[style], style"));
        Assert.All(page.QuerySelectorAll("script"), s => Assert.StartsWith("/assets/", s.GetAttribute("src") ?? "", StringComparison.Ordinal));
        Assert.DoesNotContain("試験　0子", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Taro, page.Body.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("nav.office a[href='/office/statistics']"));
    }

    [Fact]
    public async Task A_booking_left_unmarked_after_its_slot_shows_on_the_dashboard_and_in_its_export()
    {
        // 花子 books Thursday 2/25 9:00–9:15 at 本庁舎 and nobody marks her; the dashboard is read at 10:00 that day.
        await using (var db = _app.Database.Open())
        {
            var honcho = await db.Places.Where(p => p.Code == "honcho").Select(p => p.Id).SingleAsync();
            var made = await new ConfirmBooking(db, _clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings()).RunAsync(
                new ConfirmRequest(null, honcho, new DateTimeOffset(2027, 2, 25, 9, 0, 0, Japan), [new CardProof(Hanako, "1990-01-01")], "090-1234-5678", null, "web"));
            Assert.True(made.Ok, made.Problem?.Detail);
        }

        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 25, 10, 0, 0, Japan));
        await _app.SignInAsync(StaffRole.Supervisor);

        var page = await _app.PageAsync(_app.Office, "/office/statistics?from=2027-02-22&to=2027-02-28&period=day&place=honcho");
        using var xlsx = await _app.Office.GetAsync("/office/statistics/export.xlsx?from=2027-02-22&to=2027-02-28&period=day&place=honcho");

        Assert.Equal("1 件", page.QuerySelector("[data-figure=unmarked]")!.TextContent.Trim());
        // 太郎's Wednesday booking was issued: Wednesday has none unmarked, Thursday 花子's one (column 9 of the figures).
        Assert.Equal("0", page.QuerySelectorAll("table#periods tr[data-start='2027-02-24'] td")[8].TextContent.Trim());
        Assert.Equal("1", page.QuerySelectorAll("table#periods tr[data-start='2027-02-25'] td")[8].TextContent.Trim());
        Assert.NotNull(page.QuerySelector("svg#chart-unmarked"));
        using var workbook = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var days = workbook.Worksheet("日ごと");
        Assert.Equal("未処理（件）", days.Cell(1, 11).GetString());
        // Row 5 is Thursday 2/25 (row 2 is Monday 2/22).
        Assert.Equal(1.0, days.Cell(5, 11).GetDouble());
    }

    [Fact]
    public async Task A_wrong_filter_is_named_in_japanese_and_the_default_is_shown()
    {
        await _app.SignInAsync(StaffRole.Supervisor);

        var page = await _app.PageAsync(_app.Office, "/office/statistics?from=2027/02/31&period=year&place=nowhere");

        Assert.Contains("開始日「2027/02/31」は読めません。2027-04-01 のように入力してください。", page.QuerySelector("#from-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("日・週・月", page.QuerySelector("#period-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("交付場所「nowhere」はありません", page.QuerySelector("#place-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("from-error", page.QuerySelector("input#from")!.GetAttribute("aria-describedby"));
        // Twelve weeks by week, ending today (Wednesday 2/24).
        Assert.Equal(12, page.QuerySelectorAll("table#periods tbody tr").Length);
    }

    [Fact]
    public async Task The_supervisor_saves_every_table_as_xlsx_and_one_as_csv_and_each_export_is_audited()
    {
        await _app.SignInAsync(StaffRole.Supervisor);
        const string Query = "from=2027-02-22&to=2027-02-28&period=day";

        using var xlsx = await _app.Office.GetAsync($"/office/statistics/export.xlsx?{Query}");
        using var csv = await _app.Office.GetAsync($"/office/statistics/export.csv?{Query}&table=places");
        using var unknown = await _app.Office.GetAsync($"/office/statistics/export.csv?{Query}&table=names");

        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(TableXlsx.ContentType, xlsx.Content.Headers.ContentType!.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        Assert.Equal(7, workbook.Worksheets.Count);
        var places = workbook.Worksheet("交付場所ごと");
        // 本庁舎: 70 seats on 2/22, 2/24, 2/25, 2/26 (2/23 is a holiday); one card handed over through a booking.
        Assert.Equal(("本庁舎 市民課", 280.0, 1.0), (places.Cell(2, 1).GetString(), places.Cell(2, 2).GetDouble(), places.Cell(2, 6).GetDouble()));

        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("交付場所,提供した席,予約された席,", Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("periods", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var db = _app.Database.Open();
        var actions = await db.AuditEntries.Where(e => e.Action.StartsWith("export.statistics")).OrderBy(e => e.Id).Select(e => new { e.Action, e.Outcome, e.Records }).ToListAsync();
        Assert.Equal(["export.statistics.all.xlsx", "export.statistics.places.csv", "export.statistics.csv"], actions.Select(a => a.Action));
        Assert.Equal("refused", actions[^1].Outcome);
        Assert.All(actions, a => Assert.Equal("", a.Records));
    }

    [Fact]
    public async Task The_forecast_says_in_words_which_week_runs_short()
    {
        // 1,000 more cards wait. This week, from today (Wednesday), offers 3 weekdays × 175 seats = 525, so it runs
        // short; from 3/1 the 南庁舎's four counters open and 1,575 seats cover the 476 carried over.
        await _app.ImportCardsAsync(_clock, [.. Enumerable.Range(1, 1000).Select(n => ($"Y00-{n:000000}", "1990-01-01"))]);
        await _app.SignInAsync(StaffRole.Supervisor);

        var page = await _app.PageAsync(_app.Office, "/office/statistics/forecast?weeks=3");

        var rows = page.QuerySelectorAll("table#forecast tbody tr");
        Assert.Equal(3, rows.Length);
        Assert.Equal(["不足", "足りる", "足りる"], rows.Select(r => r.QuerySelector("[data-verdict]")!.TextContent.Trim()));
        Assert.Equal("short", rows[0].GetAttribute("class"));
        // 花子 and the 1,000 wait; every card arrived this week (on import), none in the eight weeks before this Monday. 太郎's seat is booked.
        Assert.Equal("1,001", page.QuerySelector("[data-figure=waiting-now]")!.TextContent);
        Assert.Equal(["1,001", "0", "1,001", "525", "1", "-476"], rows[0].QuerySelectorAll("td.num").Select(c => c.TextContent));
        Assert.Contains("席が不足する週が 1 週あります", page.QuerySelector("#short-summary")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#method-heading"));
    }

    [Fact]
    public async Task The_day_list_is_saved_with_its_personal_data_for_supervisors_and_clerks_audited_and_after_a_fresh_password()
    {
        var clerk = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());

        var list = await _app.PageAsync(clerk, "/office/counter?place=honcho&date=2027-02-24");
        using var xlsx = await clerk.GetAsync(list.QuerySelector("a[href^='/office/counter/day.xlsx']")!.GetAttribute("href"));
        using var csv = await clerk.GetAsync("/office/counter/day.csv?place=honcho&date=2027-02-24");

        using var workbook = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet(1);
        Assert.Equal(["日付", "時刻", "予約番号", "人数", "状態", "窓口", "管理番号", "氏名", "生年月日", "性別", "住所", "交付"], sheet.Row(1).CellsUsed().Select(c => c.GetString()));
        Assert.Equal((Taro, "試験　0子", "交付済 9:05"), (sheet.Cell(2, 7).GetString(), sheet.Cell(2, 8).GetString(), sheet.Cell(2, 12).GetString()));
        Assert.Equal(new DateTime(1985, 4, 12), sheet.Cell(2, 9).GetDateTime());
        var text = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync())[3..]);
        Assert.Contains($"2027-02-24,9:00〜9:15,", text, StringComparison.Ordinal);
        Assert.Contains($",{Taro},試験　0子,1985-04-12,女,", text, StringComparison.Ordinal);

        await using (var db = _app.Database.Open())
        {
            var entry = await db.AuditEntries.Where(e => e.Action == "export.counter.daylist.xlsx").SingleAsync();
            var ledger = await db.LedgerEntries.Where(e => e.ManagementNumber == Taro).Select(e => e.Id).SingleAsync();
            Assert.Equal($"booking:{_booking},ledger:{ledger}", entry.Records);
            Assert.DoesNotContain("試験", entry.Records, StringComparison.Ordinal);
        }

        // The password was typed more than ten minutes ago: asked again before anything leaves.
        _clock.Advance(TimeSpan.FromMinutes(11));
        using var stale = await clerk.GetAsync("/office/counter/day.xlsx?place=honcho&date=2027-02-24");
        Assert.StartsWith("/office/reauth", stale.Headers.Location!.ToString(), StringComparison.Ordinal);

        // A part-timer works the list but may not take it away, and sees no link to.
        var partTimer = await _app.SignInAsync(StaffRole.PartTimer, _app.NewOfficeClient());
        var theirs = await _app.PageAsync(partTimer, "/office/counter?place=honcho&date=2027-02-24");
        Assert.Null(theirs.QuerySelector("a[href^='/office/counter/day.']"));
        using var refused = await partTimer.GetAsync("/office/counter/day.xlsx?place=honcho&date=2027-02-24");
        Assert.Contains("/office/denied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unclaimed_list_the_call_list_and_the_audit_search_are_saved_as_xlsx_with_an_audit_entry_each()
    {
        await using (var db = _app.Database.Open())
        {
            // 花子's card arrived long ago: on the 廃棄 list. A closure of 本庁舎 on Wednesday afternoon has no booking to call.
            await db.LedgerEntries.Where(e => e.ManagementNumber == Hanako).ExecuteUpdateAsync(s => s.SetProperty(e => e.ArrivedOn, new DateOnly(2025, 1, 6)));
            var honcho = await db.Places.Where(p => p.Code == "honcho").Select(p => p.Id).SingleAsync();
            db.ClosedDays.Add(new ClosedDay { Date = new DateOnly(2027, 2, 26), PlaceId = honcho, Reason = "停電の点検" });
            await db.SaveChangesAsync();
        }

        var closure = await ClosureIdAsync();
        await _app.SignInAsync(StaffRole.Supervisor);
        using var unclaimed = await _app.Office.GetAsync("/office/unclaimed/export.xlsx?list=destroy");
        using var calls = await _app.Office.GetAsync($"/office/closures/{closure}/calls.xlsx");
        var auditor = await _app.SignInAsync(StaffRole.Auditor, _app.NewOfficeClient());
        using var audit = await auditor.GetAsync("/office/audit/export.xlsx?action=export");

        using (var book = new XLWorkbook(new MemoryStream(await unclaimed.Content.ReadAsByteArrayAsync())))
        {
            var sheet = book.Worksheet("廃棄");
            Assert.Equal((Hanako, "試験　1子", new DateTime(2025, 1, 6)), (sheet.Cell(2, 1).GetString(), sheet.Cell(2, 2).GetString(), sheet.Cell(2, 5).GetDateTime()));
            Assert.True(sheet.Cell(3, 1).IsEmpty());
        }

        using (var book = new XLWorkbook(new MemoryStream(await calls.Content.ReadAsByteArrayAsync())))
        {
            Assert.Equal(["日付", "時刻", "交付場所", "予約番号", "人数", "氏名", "電話番号", "メール", "連絡", "メモ", "記録した職員", "記録日時"], book.Worksheet(1).Row(1).CellsUsed().Select(c => c.GetString()));
        }

        using (var book = new XLWorkbook(new MemoryStream(await audit.Content.ReadAsByteArrayAsync())))
        {
            var sheet = book.Worksheet("監査ログ");
            Assert.Equal("番号", sheet.Cell(1, 1).GetString());
            // Newest first: the call list's export, then the unclaimed list's (this export is recorded once its rows are read).
            Assert.Equal(["export.closure.calls.xlsx", "export.unclaimed.destroy.xlsx"], [sheet.Cell(2, 8).GetString(), sheet.Cell(3, 8).GetString()]);
            Assert.True(sheet.Cell(4, 1).IsEmpty());
        }

        await using var read = _app.Database.Open();
        var hanako = await read.LedgerEntries.Where(e => e.ManagementNumber == Hanako).Select(e => e.Id).SingleAsync();
        Assert.Equal($"ledger:{hanako}", await read.AuditEntries.Where(e => e.Action == "export.unclaimed.destroy.xlsx").Select(e => e.Records).SingleAsync());
        Assert.Equal(1, await read.AuditEntries.CountAsync(e => e.Action == "export.closure.calls.xlsx"));
        Assert.Equal(1, await read.AuditEntries.CountAsync(e => e.Action == "export.audit.entries.xlsx"));
    }

    [Fact]
    public async Task The_ledger_search_is_saved_from_its_results_after_a_fresh_password_audited_by_entry_and_not_by_part_timers()
    {
        var clerk = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());

        var results = await _app.PageAsync(clerk, $"/office/ledger/search?number={Taro}");
        using var xlsx = await clerk.GetAsync(results.QuerySelector("#export a[href^='/office/ledger/search.xlsx']")!.GetAttribute("href"));
        using var csv = await clerk.GetAsync(results.QuerySelector("#export a[href^='/office/ledger/search.csv']")!.GetAttribute("href"));
        using var empty = await clerk.GetAsync("/office/ledger/search.xlsx");

        Assert.Equal(TableXlsx.ContentType, xlsx.Content.Headers.ContentType!.MediaType);
        using (var book = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync())))
        {
            var sheet = book.Worksheet("交付管理簿の検索結果");
            Assert.Equal(["管理番号", "氏名", "生年月日", "性別", "住所", "状態", "到着日"], sheet.Row(1).CellsUsed().Select(c => c.GetString()));
            // Only 太郎 has this number; his card was handed over on 2/24 (交付済), born 1985-04-12 as imported.
            Assert.Equal((Taro, "試験　0子", new DateTime(1985, 4, 12)), (sheet.Cell(2, 1).GetString(), sheet.Cell(2, 2).GetString(), sheet.Cell(2, 3).GetDateTime()));
            Assert.True(sheet.Cell(3, 1).IsEmpty());
        }

        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains($"{Taro},試験　0子,1985-04-12,", Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
        // Saving without a search would save nothing anyone asked for: refused, and said what to do.
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("交付管理簿の検索で探してから", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using (var db = _app.Database.Open())
        {
            var ledger = await db.LedgerEntries.Where(e => e.ManagementNumber == Taro).Select(e => e.Id).SingleAsync();
            var entries = await db.AuditEntries.Where(e => e.Action.StartsWith("export.ledger.search")).OrderBy(e => e.Id).Select(e => new { e.Action, e.Outcome, e.Records }).ToListAsync();
            Assert.Equal(
                [("export.ledger.search.xlsx", "ok", $"ledger:{ledger}"), ("export.ledger.search.csv", "ok", $"ledger:{ledger}"), ("export.ledger.search.xlsx", "refused", "")],
                entries.Select(e => (e.Action, e.Outcome, e.Records)));
            // The number typed is not written down: only the entry found.
            Assert.All(entries, e => Assert.DoesNotContain(Taro, e.Records, StringComparison.Ordinal));
        }

        _clock.Advance(TimeSpan.FromMinutes(11));
        using var stale = await clerk.GetAsync($"/office/ledger/search.xlsx?number={Taro}");
        Assert.StartsWith("/office/reauth", stale.Headers.Location!.ToString(), StringComparison.Ordinal);

        // A part-timer does not search the ledger, so may not save it either.
        var partTimer = await _app.SignInAsync(StaffRole.PartTimer, _app.NewOfficeClient());
        using var refused = await partTimer.GetAsync($"/office/ledger/search.xlsx?number={Taro}");
        Assert.Contains("/office/denied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_phone_booking_search_is_saved_as_xlsx_with_the_phone_as_text_audited_by_booking_and_entry()
    {
        string code;
        long ledger;
        await using (var db = _app.Database.Open())
        {
            code = await db.Bookings.Where(b => b.Id == _booking).Select(b => b.Code).SingleAsync();
            ledger = await db.LedgerEntries.Where(e => e.ManagementNumber == Taro).Select(e => e.Id).SingleAsync();
        }

        await _app.SignInAsync(StaffRole.Supervisor);
        var results = await _app.PageAsync(_app.Office, $"/office/bookings?code={code}");
        using var xlsx = await _app.Office.GetAsync(results.QuerySelector("#export a[href^='/office/bookings/search.xlsx']")!.GetAttribute("href"));

        using (var book = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync())))
        {
            var sheet = book.Worksheet("予約の検索結果");
            Assert.Equal("予約番号", sheet.Cell(1, 1).GetString());
            Assert.Equal((code, "本庁舎 市民課"), (sheet.Cell(2, 1).GetString(), sheet.Cell(2, 2).GetString()));
            // The slot as booked in setup, in Japan time.
            Assert.Equal(new DateTime(2027, 2, 24, 9, 0, 0), sheet.Cell(2, 3).GetDateTime());
            // A phone number stays text, its leading 0 and hyphens kept.
            Assert.Equal((XLDataType.Text, "090-1234-5678"), (sheet.Cell(2, 6).DataType, sheet.Cell(2, 6).GetString()));
            Assert.Equal((Taro, "試験　0子"), (sheet.Cell(2, 11).GetString(), sheet.Cell(2, 12).GetString()));
        }

        await using (var db = _app.Database.Open())
        {
            var entry = await db.AuditEntries.Where(e => e.Action == "export.booking.search.xlsx").SingleAsync();
            Assert.Equal(($"booking:{_booking},ledger:{ledger}", "ok"), (entry.Records, entry.Outcome));
        }

        // The phone staff's pages: neither a part-timer nor the auditor may save the bookings.
        foreach (var role in new[] { StaffRole.PartTimer, StaffRole.Auditor })
        {
            var other = await _app.SignInAsync(role, _app.NewOfficeClient());
            using var refused = await other.GetAsync($"/office/bookings/search.csv?code={code}");
            Assert.Contains("/office/denied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_staff_list_is_saved_by_the_administrator_only_without_any_secret_and_audited_by_account()
    {
        await _app.SignInAsync(StaffRole.Administrator);
        var supervisor = await _app.SignInAsync(StaffRole.Supervisor, _app.NewOfficeClient());

        var page = await _app.PageAsync(_app.Office, "/office/staff");
        using var xlsx = await _app.Office.GetAsync(page.QuerySelector("#export a[href='/office/staff/export.xlsx']")!.GetAttribute("href"));
        using var refused = await supervisor.GetAsync("/office/staff/export.xlsx");

        await using var db = _app.Database.Open();
        var accounts = await db.StaffAccounts.OrderBy(a => a.Id).ToListAsync();
        using (var book = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync())))
        {
            var sheet = book.Worksheet("職員アカウント");
            Assert.Equal(["ログイン名", "氏名", "役割", "交付場所", "状態"], sheet.Row(1).CellsUsed().Select(c => c.GetString()));
            // One row per account, in the page's order: the two signed in here (and any the app made) are all there.
            var rows = sheet.RowsUsed().Skip(1).Select(r => (r.Cell(1).GetString(), r.Cell(3).GetString())).ToList();
            Assert.Equal(accounts.Select(a => (a.UserName!, a.Role.Japanese())), rows);
            Assert.Contains(("係長", "すべて", "利用中"), sheet.RowsUsed().Skip(1).Select(r => (r.Cell(3).GetString(), r.Cell(4).GetString(), r.Cell(5).GetString())));
            var text = string.Join("\n", sheet.CellsUsed().Select(c => c.GetString()));
            Assert.All(accounts, a => Assert.DoesNotContain(a.PasswordHash!, text, StringComparison.Ordinal));
        }

        Assert.Contains("/office/denied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
        var entry = await db.AuditEntries.Where(e => e.Action == "export.staff.accounts.xlsx").SingleAsync();
        Assert.Equal(string.Join(',', accounts.Select(a => $"staff:{a.Id}")), entry.Records);
    }

    private async Task<int> ClosureIdAsync()
    {
        await using var db = _app.Database.Open();
        return await db.ClosedDays.Where(c => c.PlaceId != null).Select(c => c.Id).SingleAsync();
    }
}
