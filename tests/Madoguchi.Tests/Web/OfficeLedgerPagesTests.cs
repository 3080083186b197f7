using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Tests.Web;

/// <summary>A 係長 imports the national file from the office pages, then a clerk looks cards up.</summary>
public sealed class OfficeLedgerPagesTests : IAsyncLifetime
{
    private const string File =
        "管理番号,氏名,生年月日,性別,住所,申請区分,到着日,個人番号\r\n" +
        "A1B-123456,上田　太郎,昭和60年4月12日,男,長野県上田市大手一丁目1番1号,新規,2026-11-20,987654321098\r\n" +
        "C2D-654321,髙橋　花子,1990-01-01,女,長野県上田市常田二丁目①,再交付,2026-11-20,123456789012\r\n" +
        "bad-1,真田　一郎,1985-04-12,男,長野県上田市真田町長,新規,2026-11-20,111122223333\r\n";

    private MadoguchiApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync();
        await _app.SignInAsync(Madoguchi.Staff.StaffRole.Supervisor);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_preview_stores_nothing_and_the_commit_imports_the_valid_rows()
    {
        var preview = await _app.PreviewImportAsync(LedgerFileEncoding.ShiftJis.GetBytes(File), "kokumin.csv");

        Assert.Equal("3", Count(preview, "rows"));
        Assert.Equal("2", Count(preview, "imported"));
        Assert.Equal("1", Count(preview, "rejected"));
        Assert.Contains("個人番号", preview.QuerySelector("[data-ignored]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Shift_JIS", preview.Body!.TextContent, StringComparison.Ordinal);
        await using (var db = _app.Database.Open())
        {
            Assert.Equal(0, await db.LedgerEntries.CountAsync());
        }

        var report = await _app.CommitImportAsync(preview);

        var page = await _app.PageAsync(_app.Office, report);
        Assert.Equal("2", Count(page, "imported"));
        Assert.Contains("管理番号は", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(_app.PendingUploads());
        await using var check = _app.Database.Open();
        Assert.Equal(["A1B-123456", "C2D-654321"], await check.LedgerEntries.OrderBy(e => e.ManagementNumber).Select(e => e.ManagementNumber).ToListAsync());
    }

    [Fact]
    public async Task The_report_of_rejected_rows_downloads_as_csv_for_excel()
    {
        var report = await _app.CommitImportAsync(await _app.PreviewImportAsync(Encoding.UTF8.GetBytes(File), "kokumin.csv"));

        using var csv = await _app.Office.GetAsync(report + "/report.csv");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("行,列,種別,理由", lines[0]);
        Assert.StartsWith("4,管理番号,不備,", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task Cancelling_a_preview_deletes_the_uploaded_file()
    {
        var preview = await _app.PreviewImportAsync(Encoding.UTF8.GetBytes(File), "kokumin.csv");
        Assert.Equal(2, _app.PendingUploads().Length);
        var cancel = preview.QuerySelector("form[action*='handler=Cancel']")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = cancel.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["token"] = cancel.QuerySelector("input[name=token]")!.GetAttribute("value")!,
        });

        using var response = await _app.Office.PostAsync("/office/ledger/import?handler=Cancel", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("取込をやめました", body, StringComparison.Ordinal);
        Assert.Empty(_app.PendingUploads());
    }

    [Fact]
    public async Task A_refused_file_says_what_to_do_and_keeps_nothing()
    {
        var page = await _app.PreviewImportAsync(Encoding.UTF8.GetBytes("氏名,生年月日\r\n上田　太郎,1985-04-12\r\n"), "wrong.csv");

        var error = page.QuerySelector("#import-error")!.TextContent;
        Assert.Contains("必須の列がありません", error, StringComparison.Ordinal);
        Assert.Contains("管理番号", error, StringComparison.Ordinal);
        Assert.Empty(_app.PendingUploads());
        await using var db = _app.Database.Open();
        Assert.Equal(0, await db.LedgerImports.CountAsync());
    }

    [Fact]
    public async Task Staff_find_a_card_by_part_of_the_name_and_a_japanese_era_birth_date()
    {
        await _app.CommitImportAsync(await _app.PreviewImportAsync(Encoding.UTF8.GetBytes(File), "kokumin.csv"));

        var found = await _app.PageAsync(_app.Office, "/office/ledger/search?name=" + Uri.EscapeDataString("太郎") + "&birth=" + Uri.EscapeDataString("S60.4.12"));

        var row = Assert.Single(found.QuerySelectorAll("tbody tr"));
        Assert.Contains("A1B-123456", row.TextContent, StringComparison.Ordinal);
        var entry = await _app.PageAsync(_app.Office, row.QuerySelector("a")!.GetAttribute("href")!);
        var text = entry.QuerySelector("dl.entry")!.TextContent;
        foreach (var item in new[] { "A1B-123456", "上田　太郎", "1985-04-12", "昭和60年4月12日", "男", "長野県上田市大手一丁目1番1号", "交付待ち" })
        {
            Assert.Contains(item, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_full_width_number_finds_the_card()
    {
        await _app.CommitImportAsync(await _app.PreviewImportAsync(Encoding.UTF8.GetBytes(File), "kokumin.csv"));

        var found = await _app.PageAsync(_app.Office, "/office/ledger/search?number=" + Uri.EscapeDataString("ｃ２ｄ６５４３２１"));

        Assert.Contains("髙橋　花子", Assert.Single(found.QuerySelectorAll("tbody tr")).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_birth_date_is_reported_beside_its_field()
    {
        var page = await _app.PageAsync(_app.Office, "/office/ledger/search?birth=" + Uri.EscapeDataString("1985-02-30"));

        var field = page.QuerySelector("#birth")!;
        Assert.Equal("true", field.GetAttribute("aria-invalid"));
        Assert.Contains("birth-error", field.GetAttribute("aria-describedby")!, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("#birth-error")!.TextContent));
        Assert.Empty(page.QuerySelectorAll("tbody tr"));
    }

    [Fact]
    public async Task An_unknown_entry_or_import_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Office.GetAsync("/office/ledger/entries/999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Office.GetAsync("/office/ledger/imports/999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Office.GetAsync("/office/ledger/imports/999/report.csv")).StatusCode);
    }

    private static string Count(AngleSharp.Html.Dom.IHtmlDocument page, string name) =>
        page.QuerySelector($"[data-count={name}]")!.TextContent.Trim();
}
