using AngleSharp.Html.Dom;

using Madoguchi.Audit;
using Madoguchi.Staff;

using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Audit;

/// <summary>
/// The 監査 role reads the audit log in the office zone. The log is written directly, as the other
/// pages would have written it: on Monday 2027-03-01 yamada (staff 11) searched and opened ledger
/// entry 12; on Tuesday suzuki (12) opened entry 120 and the day list with booking 7 and entry 12,
/// ito and kato looked at a few records, and nozoki at 60 in one search; on Wednesday 105 failed
/// sign-ins as "bulk" fill more than one page. The auditor signs in on Wednesday 10:00. The
/// entries are written with a clock of their own, so the app's clock never jumps days (which would
/// run its background sweeps once for every minute skipped).
/// </summary>
public sealed class AuditPagesTests : IAsyncLifetime
{
    // Wednesday 2027-03-03 10:00 in Ueda.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 3, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock);
        await using (var db = _app.Database.Open())
        {
            // Monday 2027-03-01 09:00 in Ueda.
            var then = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
            var log = new AuditLog(db, then, _app.Services.GetRequiredService<AuditKeys>());
            Task Write(string action, string login, int? id, params string[] records) =>
                log.WriteAsync(new AuditEvent(action, Records: records, StaffId: id, StaffLogin: login, Role: "Clerk", Address: "10.20.30.40", UserAgent: "Edge/120"));

            await Write("ledger.search", "yamada", 11, "ledger:1", "ledger:2", "ledger:3");
            await Write("ledger.entry.view", "yamada", 11, "ledger:12");
            then.Advance(TimeSpan.FromDays(1));
            await Write("ledger.entry.view", "suzuki", 12, "ledger:120");
            await Write("counter.daylist.view", "suzuki", 12, "booking:7", "ledger:12");
            await Write("ledger.search", "ito", 13, "ledger:1", "ledger:2", "ledger:3");
            await Write("ledger.search", "kato", 14, "ledger:1", "ledger:2", "ledger:3", "ledger:4");
            await Write("ledger.search", "nozoki", 15, [.. Enumerable.Range(1000, 60).Select(i => $"ledger:{i}")]);
            then.Advance(TimeSpan.FromDays(1));
            for (var i = 0; i < 105; i++)
            {
                await log.WriteAsync(new AuditEvent("staff.signin.failed", AuditOutcome.Refused, StaffLogin: "bulk"));
            }
        }

        await _app.SignInAsync(StaffRole.Auditor);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_auditor_finds_entries_by_record_staff_action_and_period_newest_first()
    {
        // ledger:12 is in entries 2 and 4; entry 3's ledger:120 must not match it.
        var byRecord = await _app.PageAsync(_app.Office, "/office/audit?record=ledger:12");
        Assert.Equal("2 件", byRecord.QuerySelector("#total")!.TextContent);
        Assert.Equal(["4", "2"], Rows(byRecord));
        var row = byRecord.QuerySelector("tr[data-entry='4']")!;
        Assert.Equal("2027-03-02 09:00:00", Field(row, "at"));
        Assert.Equal("12・suzuki", Field(row, "staff"));
        Assert.Equal("職員", Field(row, "role"));
        Assert.Equal("counter.daylist.view（当日の予約一覧の表示）", Field(row, "action"));
        Assert.Equal(["booking:7", "ledger:12"], row.QuerySelectorAll("[data-field=records] a").Select(a => a.TextContent));
        Assert.Equal("成功", Field(row, "outcome"));
        Assert.Contains("10.20.30.40", Field(row, "terminal"), StringComparison.Ordinal);

        var byStaffAndAction = await _app.PageAsync(_app.Office, "/office/audit?login=yamada&action=ledger");
        Assert.Equal(["2", "1"], Rows(byStaffAndAction));

        var byPeriod = await _app.PageAsync(_app.Office, "/office/audit?action=ledger.entry.view&from=2027-03-02&to=2027-03-02");
        Assert.Equal(["3"], Rows(byPeriod));

        // Ids only: no staff member's name (test accounts are named 試験 …) appears in the page's content.
        Assert.DoesNotContain("試験", byRecord.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_record_is_explained_next_to_its_field()
    {
        var page = await _app.PageAsync(_app.Office, "/office/audit?record=山田");

        Assert.Contains("「種類:番号」の形で入力してください", page.QuerySelector("#errors")!.TextContent, StringComparison.Ordinal);
        var input = page.QuerySelector("#record")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Contains("Record-error", input.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.True(input.HasAttribute("autofocus"));
        Assert.Null(page.QuerySelector("table"));
    }

    [Fact]
    public async Task Results_come_a_hundred_to_a_page()
    {
        var first = await _app.PageAsync(_app.Office, "/office/audit?login=bulk");

        Assert.Equal("105 件", first.QuerySelector("#total")!.TextContent);
        Assert.Equal(100, Rows(first).Count);
        Assert.Equal("1 / 2 ページ（新しい順、1ページ 100 件）", first.QuerySelector("#page-info")!.TextContent);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal("/office/audit?login=bulk&p=2", next);

        var second = await _app.PageAsync(_app.Office, next);
        Assert.Equal(["12", "11", "10", "9", "8"], Rows(second));
        Assert.Equal("拒否", Field(second.QuerySelector("tr[data-entry='8']")!, "outcome"));
    }

    [Fact]
    public async Task The_search_saves_as_csv_for_excel()
    {
        var page = await _app.PageAsync(_app.Office, "/office/audit?record=ledger:12");
        var link = page.QuerySelector("a[href^='/office/audit/export.csv']")!.GetAttribute("href")!;

        using var csv = await _app.Office.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(SearchAuditLog.CsvHeader, lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("4,2027-03-02 09:00:00,12,suzuki,職員,10.20.30.40,Edge/120,counter.daylist.view,\"booking:7,ledger:12\",2,成功,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2,2027-03-01 09:00:00,11,yamada,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_marks_an_unusual_day_in_words()
    {
        // Tuesday's different records: suzuki 3, ito 3, kato 4, nozoki 60. The median is 3.5, and 60 is over three times it.
        var page = await _app.PageAsync(_app.Office, "/office/audit/summary?from=2027-03-02&to=2027-03-02");

        var nozoki = page.QuerySelector("tr[data-login='nozoki']")!;
        Assert.Equal("true", nozoki.GetAttribute("data-unusual"));
        Assert.Equal("要確認: この日の職員の中央値 3.5 件の3倍を超えています。", Field(nozoki, "unusual"));
        Assert.Equal(("1", "60", "60"), (Field(nozoki, "entries"), Field(nozoki, "records"), Field(nozoki, "distinct")));
        var suzuki = page.QuerySelector("tr[data-login='suzuki']")!;
        Assert.Equal(("false", "", "2", "3"), (suzuki.GetAttribute("data-unusual"), Field(suzuki, "unusual"), Field(suzuki, "entries"), Field(suzuki, "distinct")));
        Assert.Equal("要確認: 1 件（下の表の「要確認」の行）。", page.QuerySelector("#unusual-count")!.TextContent);
        Assert.Equal("/office/audit?login=nozoki&from=2027-03-02&to=2027-03-02", nozoki.QuerySelector("a")!.GetAttribute("href"));

        // A threshold of 50 records a day is set for the city's own rule: nozoki is over it as well.
        var lower = await _app.PageAsync(_app.Office, "/office/audit/summary?from=2027-03-02&to=2027-03-02&threshold=50");
        Assert.StartsWith("要確認: しきい値 50 件を超えています。", Field(lower.QuerySelector("tr[data-login='nozoki']")!, "unusual"), StringComparison.Ordinal);

        // Without dates: the seven days up to today, so Monday's yamada is there too.
        var week = await _app.PageAsync(_app.Office, "/office/audit/summary");
        Assert.Equal("2027-02-25", week.QuerySelector("#from")!.GetAttribute("value"));
        Assert.NotNull(week.QuerySelector("tr[data-day='2027-03-01'][data-login='yamada']"));
    }

    [Fact]
    public async Task The_verify_page_shows_an_intact_log_then_the_first_changed_entry()
    {
        var intact = await _app.PageAsync(_app.Office, "/office/audit/verify");
        Assert.Equal("true", intact.QuerySelector("#result")!.GetAttribute("data-ok"));
        Assert.Contains("改ざんはありません", intact.QuerySelector("#result")!.TextContent, StringComparison.Ordinal);

        // A checkpoint for Monday, saved to a file as the reviewers would, verifies with the log.
        await using (var db = _app.Database.Open())
        {
            Assert.Equal(CheckpointOutcome.Written, (await new WriteAuditCheckpoint(db, _clock).RunAsync(new DateOnly(2027, 3, 1))).Outcome);
        }

        using var saved = await _app.Office.GetAsync("/office/audit/checkpoints.txt");
        var file = await saved.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("2027-03-01\t2\t", Encoding.UTF8.GetString(file), StringComparison.Ordinal);
        var withFile = await UploadAsync(file);
        Assert.Equal("true", withFile.QuerySelector("#result")!.GetAttribute("data-ok"));
        Assert.Equal("2 件（データベースのものと、選んだファイルのもの）", withFile.QuerySelector("#checkpoints")!.TextContent);

        await using (var db = _app.Database.Open())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET records = 'ledger:99' WHERE id = 4");
        }

        var tampered = await _app.PageAsync(_app.Office, "/office/audit/verify");
        Assert.Equal("false", tampered.QuerySelector("#result")!.GetAttribute("data-ok"));
        Assert.Equal("4", tampered.QuerySelector("#first-bad")!.TextContent);
        Assert.Contains("第4番の記録の内容が書き換えられています", tampered.QuerySelector("#reason")!.TextContent, StringComparison.Ordinal);

        var damaged = await UploadAsync(Encoding.UTF8.GetBytes("2027-03-01 2\n"));
        Assert.Contains("1 行目が読めません", damaged.QuerySelector("#file-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", damaged.QuerySelector("#file")!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task A_clerk_is_turned_away_from_every_audit_page()
    {
        var clerk = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());

        foreach (var path in new[] { "/office/audit", "/office/audit/summary", "/office/audit/verify", "/office/audit/export.csv", "/office/audit/checkpoints.txt" })
        {
            using var response = await clerk.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/office/denied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    private async Task<IHtmlDocument> UploadAsync(byte[] file)
    {
        var page = await _app.PageAsync(_app.Office, "/office/audit/verify");
        var token = page.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "file", "checkpoints.txt" },
        };
        using var response = await _app.Office.PostAsync("/office/audit/verify", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await MadoguchiApp.ParseAsync(response);
    }

    private static List<string> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("tbody tr[data-entry]").Select(r => r.GetAttribute("data-entry")!).ToList();

    private static string Field(AngleSharp.Dom.IElement row, string field) =>
        string.Join(" ", row.QuerySelector($"[data-field={field}]")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
