using Madoguchi.Ledger;

namespace Madoguchi.Tests.Ledger.Unclaimed;

/// <summary>
/// A 係長 reads the lists of cards nobody came for and marks them, in the office zone. Today is
/// Monday 2027-02-22; Taro's card arrived on 2026-01-05 (413 days ago: a year, a month and 17
/// days), Hanako's today.
/// </summary>
public sealed class UnclaimedPagesTests : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string Hanako = "C2D-654321";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock);
        await _app.ImportCardsAsync(_clock, (Taro, "1985-04-12"), (Hanako, "1990-01-01"));
        await using var db = _app.Database.Open();
        await db.LedgerEntries.Where(e => e.ManagementNumber == Taro).ExecuteUpdateAsync(s => s.SetProperty(e => e.ArrivedOn, new DateOnly(2026, 1, 5)));
        await _app.SignInAsync(Madoguchi.Staff.StaffRole.Supervisor);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_old_card_is_on_the_destroy_list_with_its_personal_data_and_in_the_csv()
    {
        var page = await _app.PageAsync(_app.Office, "/office/unclaimed");

        Assert.Equal("0 枚", page.QuerySelector("#reminder-count")!.TextContent.Trim());
        Assert.Equal("1 枚", page.QuerySelector("#destroy-count")!.TextContent.Trim());
        var cells = page.QuerySelectorAll($"table#destroy tr[data-number='{Taro}'] td").Select(c => c.TextContent.Trim()).ToList();
        // The tick box's label is read out by a screen reader and hidden on screen.
        Assert.Equal([$"選ぶ: {Taro} 試験　0子", Taro, "試験　0子", "1985-04-12", "長野県上田市大手一丁目0番", "2026-01-05", "413 日", ""], cells);
        Assert.DoesNotContain(Hanako, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.True(page.QuerySelector($"#pick-{await _app.Database.EntryIdAsync(Taro)}")!.HasAttribute("autofocus"));

        using var csv = await _app.Office.GetAsync(page.QuerySelector("a[href^='/office/unclaimed/export.csv?list=destroy']")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal(
            ["管理番号,氏名,生年月日,住所,到着日,待っている日数", $"{Taro},試験　0子,1985-04-12,長野県上田市大手一丁目0番,2026-01-05,413"],
            Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Shorter_ages_put_the_card_on_the_reminder_list_and_a_wrong_age_is_named()
    {
        var longer = await _app.PageAsync(_app.Office, "/office/unclaimed?reminderMonths=3&destroyMonths=24");
        var wrong = await _app.PageAsync(_app.Office, "/office/unclaimed?reminderMonths=abc");

        Assert.NotNull(longer.QuerySelector($"table#reminder tr[data-number='{Taro}']"));
        Assert.Contains("24か月を超えて", longer.QuerySelector("#destroy-heading")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", wrong.QuerySelector("#reminderMonths")!.GetAttribute("aria-invalid"));
        Assert.Contains("1〜120 の数字", wrong.QuerySelector("#ReminderMonths-error")!.TextContent, StringComparison.Ordinal);
        // The defaults stand in for the wrong value.
        Assert.NotNull(wrong.QuerySelector($"table#destroy tr[data-number='{Taro}']"));
    }

    [Fact]
    public async Task Ticked_cards_are_marked_destroyed_with_the_reason_and_leave_the_list()
    {
        var id = await _app.Database.EntryIdAsync(Taro);

        using var marked = await MadoguchiApp.PostFormAsync(_app.Office, "/office/unclaimed", new()
        {
            ["Ids"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["To"] = "Destroyed",
            ["Reason"] = "交付通知から1年経過",
        });

        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var page = await _app.PageAsync(_app.Office, marked.Headers.Location!.ToString());
        Assert.Contains("1 枚を「廃棄」にしました", page.QuerySelector("#notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("0 枚", page.QuerySelector("#destroy-count")!.TextContent.Trim());
        await using var db = _app.Database.Open();
        Assert.Equal(CardStatus.Destroyed, (await db.LedgerEntries.SingleAsync(e => e.Id == id)).Status);
        Assert.Equal("交付通知から1年経過", (await db.LedgerStatusChanges.SingleAsync()).Reason);
    }

    [Fact]
    public async Task Without_a_reason_nothing_is_marked_and_the_ticks_stay()
    {
        var id = await _app.Database.EntryIdAsync(Taro);

        using var refused = await MadoguchiApp.PostFormAsync(_app.Office, "/office/unclaimed", new()
        {
            ["Ids"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["To"] = "Withdrawn",
            ["Reason"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await MadoguchiApp.ParseAsync(refused);
        Assert.Contains("理由が空です", page.QuerySelector("#mark-Reason-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#mark-Reason")!.GetAttribute("aria-invalid"));
        Assert.Contains("mark-Reason-error", page.QuerySelector("#mark-Reason")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.True(page.QuerySelector($"#pick-{id}")!.HasAttribute("checked"));
        await using var db = _app.Database.Open();
        Assert.Equal(CardStatus.Ready, (await db.LedgerEntries.SingleAsync(e => e.Id == id)).Status);
    }
}
