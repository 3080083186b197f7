using System.Net.Http.Json;
using System.Text.Json;

using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Madoguchi.Tests.Counter.Closures;

/// <summary>
/// A 係長 works a closure's call list in the office zone, without JavaScript. Citizens book
/// through the public API first; the clock stands on Monday 2027-02-22 10:00 in Ueda, so Monday
/// 3/1 and Tuesday 3/2 are in the booking window. City Hall (place 1) has two seats per slot.
/// </summary>
public sealed class ClosurePagesTests : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string TaroBirth = "1985-04-12";
    private const string Hanako = "C2D-654321";
    private const string HanakoBirth = "1990-01-01";

    private static readonly DateTimeOffset MondayOne = new(2027, 3, 1, 13, 0, 0, TimeSpan.FromHours(9));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock, settings: new Dictionary<string, string?> { ["Madoguchi:Booking:RequestsPerMinute"] = "1000" });
        await _app.ImportCardsAsync(_clock, (Taro, TaroBirth), (Hanako, HanakoBirth));
        await _app.SignInAsync(Madoguchi.Staff.StaffRole.Supervisor);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_call_list_shows_the_phone_number_of_a_booking_made_online_before_the_closure()
    {
        var code = await _app.BookAsync(1, MondayOne, "０９０－１２３４－５６７８", "taro@example.jp", (Taro, TaroBirth));
        var closure = await CloseThroughPageAsync("13:00", "15:00");

        // New bookings stop at once for the closed time.
        using (var refused = await _app.PostJsonAsync("/api/v1/bookings", Booking(MondayOne.AddMinutes(15), Hanako, HanakoBirth, "090-2222-3333", null)))
        {
            Assert.Equal("place-closed", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        var closures = await _app.PageAsync(_app.Office, "/office/closures");
        var summary = closures.QuerySelector($"tr[data-closure='{closure}']")!;
        Assert.Equal("1 件", summary.QuerySelector("[data-field=affected]")!.TextContent);
        Assert.Equal("1 件", summary.QuerySelector("[data-field=not-called]")!.TextContent);

        var list = await _app.PageAsync(_app.Office, summary.QuerySelector("a")!.GetAttribute("href")!);
        var row = list.QuerySelector($"tr[data-booking='{code}']")!;
        Assert.Equal("090-1234-5678", row.QuerySelector("[data-field=phone]")!.TextContent.Trim());
        Assert.Equal("taro@example.jp", row.QuerySelector("[data-field=email]")!.TextContent.Trim());
        Assert.Equal("試験　0子", row.QuerySelector("[data-field=names]")!.TextContent.Trim());
        Assert.Equal("未連絡", row.QuerySelector("[data-field=call] strong")!.TextContent);
        Assert.Contains("13:00〜13:15", row.TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector("select[autofocus]"));

        var print = await _app.PageAsync(_app.Office, $"/office/closures/{closure}/print");
        Assert.Equal("090-1234-5678", print.QuerySelector($"tr[data-booking='{code}'] [data-field=phone]")!.TextContent);

        using var csv = await _app.Office.GetAsync($"/office/closures/{closure}/calls.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("日付,時刻,交付場所,予約番号,人数,氏名,電話番号,メール,連絡,メモ,記録した職員,記録日時", lines[0]);
        Assert.Equal($"2027-03-01,13:00,本庁舎 市民課,{code},1,試験　0子,090-1234-5678,taro@example.jp,未連絡,,,", lines[1]);
    }

    [Fact]
    public async Task Calls_are_marked_on_the_page_and_cancelling_asks_first()
    {
        var code = await _app.BookAsync(1, MondayOne, "090-1234-5678", null, (Taro, TaroBirth));
        var closure = await CloseThroughPageAsync("", "");
        var path = $"/office/closures/{closure}";

        using var reached = await MarkAsync(path, code, "Reached", "午後に折り返し");
        Assert.Equal(HttpStatusCode.Redirect, reached.StatusCode);
        var after = await _app.PageAsync(_app.Office, path);
        Assert.Contains("「話せた」にしました", after.QuerySelector("#notice")!.TextContent, StringComparison.Ordinal);
        var call = after.QuerySelector($"tr[data-booking='{code}'] [data-field=call]")!.TextContent;
        Assert.Contains("話せた", call, StringComparison.Ordinal);
        Assert.Contains("午後に折り返し", call, StringComparison.Ordinal);
        Assert.Contains("試験 supervisor", call, StringComparison.Ordinal);

        // 取消済 deletes the booking, so the page asks once more before doing it.
        using var asked = await MarkAsync(path, code, "Cancelled", "本人の申し出");
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var confirm = await MadoguchiApp.ParseAsync(asked);
        Assert.Contains($"予約 {code} を取り消しますか", confirm.QuerySelector("#confirm h2")!.TextContent, StringComparison.Ordinal);
        await using (var db = _app.Database.Open())
        {
            Assert.True(await db.Bookings.AnyAsync());
        }

        using var cancelled = await SubmitAsync(confirm.QuerySelector<IHtmlFormElement>("#confirm form")!, path, []);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var gone = await _app.PageAsync(_app.Office, path);
        Assert.Contains("取り消しました", gone.QuerySelector("#notice")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("取消済（予約は削除）", gone.QuerySelector("tbody tr [data-field=call]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("090-1234-5678", gone.Body!.TextContent, StringComparison.Ordinal);
        await using var check = _app.Database.Open();
        Assert.False(await check.Bookings.AnyAsync());
        Assert.Equal("closure", (await check.BookingTombstones.SingleAsync()).CancelledBy);
        Assert.Equal(0, await check.Slots.SumAsync(s => s.Taken));
    }

    [Fact]
    public async Task All_bookings_are_moved_from_the_move_page_and_the_list_shows_where()
    {
        var taro = await _app.BookAsync(1, MondayOne, "090-1234-5678", null, (Taro, TaroBirth));
        var hanako = await _app.BookAsync(1, MondayOne.AddHours(1), "090-8765-4321", null, (Hanako, HanakoBirth));
        var closure = await CloseThroughPageAsync("", "");

        var form = await _app.PageAsync(_app.Office, $"/office/closures/{closure}/move");
        // 2/23 opens the window but is a holiday: the first open day is Wednesday 2/24.
        Assert.Equal("2027-02-24", form.QuerySelector<IHtmlInputElement>("#Date")!.Value);
        Assert.True(form.QuerySelector("#Date")!.HasAttribute("autofocus"));
        using var moved = await MadoguchiApp.PostFormAsync(_app.Office, $"/office/closures/{closure}/move", new() { ["Date"] = "2027-03-02", ["PlaceId"] = "" });

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var list = await _app.PageAsync(_app.Office, moved.Headers.Location!.ToString());
        Assert.Contains("2 件の予約を 2027-03-02（火） へ移し", list.QuerySelector("#notice")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("移動先: 2027-03-02（火） 13:00", list.QuerySelector($"tr[data-booking='{taro}']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("移動先: 2027-03-02（火） 14:00", list.QuerySelector($"tr[data-booking='{hanako}']")!.TextContent, StringComparison.Ordinal);
        Assert.All(list.QuerySelectorAll("tbody tr"), r => Assert.Equal("Moved", r.GetAttribute("data-status")));
        Assert.Equal("0 件", (await _app.PageAsync(_app.Office, "/office/closures")).QuerySelector($"tr[data-closure='{closure}'] [data-field=affected]")!.TextContent);
    }

    [Fact]
    public async Task A_move_without_seats_names_the_booking_and_moves_nothing()
    {
        var taro = await _app.BookAsync(1, MondayOne, "090-1234-5678", null, (Taro, TaroBirth));
        var closure = await CloseThroughPageAsync("", "");
        // Maruko (place 3) has one seat per slot and closes at 17:15: a target day of 3/2 at
        // Maruko from 13:00 on is filled here, so Taro's 13:00 finds no seat.
        await using (var db = _app.Database.Open())
        {
            for (var start = MondayOne.AddDays(1); start.Hour < 17 || start.Minute == 0; start = start.AddMinutes(15))
            {
                db.Slots.Add(new Madoguchi.Booking.Slot { PlaceId = 3, Start = start, End = start.AddMinutes(15), Capacity = 1, Taken = 1 });
            }

            await db.SaveChangesAsync();
        }

        using var refused = await MadoguchiApp.PostFormAsync(_app.Office, $"/office/closures/{closure}/move", new() { ["Date"] = "2027-03-02", ["PlaceId"] = "3" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await MadoguchiApp.ParseAsync(refused);
        Assert.Contains("移していません", page.QuerySelector("#unplaced h2")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"#unplaced tr[data-booking='{taro}']"));
        await using var check = _app.Database.Open();
        Assert.Equal(MondayOne, (await check.Bookings.SingleAsync()).Start);
    }

    [Fact]
    public async Task Exports_and_the_move_ask_for_the_password_again_after_ten_minutes()
    {
        var closure = await CloseThroughPageAsync("", "");
        // Past the 10-minute window for sensitive pages, within the 15-minute idle sign-out.
        _clock.Advance(TimeSpan.FromMinutes(11));

        foreach (var path in new[] { $"/office/closures/{closure}/calls.csv", $"/office/closures/{closure}/move", "/office/unclaimed/export.csv?list=destroy" })
        {
            using var response = await _app.Office.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/office/reauth", response.Headers.Location!.OriginalString.Split('?')[0]);
        }

        // The call list itself is worked through for a long time and does not ask.
        using var list = await _app.Office.GetAsync($"/office/closures/{closure}");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task A_clerk_is_turned_away_from_closures_and_unclaimed_cards()
    {
        using var clerk = _app.NewOfficeClient();
        await _app.SignInAsync(Madoguchi.Staff.StaffRole.Clerk, clerk);

        foreach (var path in new[] { "/office/closures", "/office/unclaimed" })
        {
            using var response = await clerk.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/office/denied", response.Headers.Location!.AbsolutePath);
        }
    }

    private static object Booking(DateTimeOffset start, string number, string birth, string phone, string? email) =>
        new { placeId = 1, start, cards = new[] { new { managementNumber = number, birthDate = birth } }, phone, email };

    /// <summary>Closes City Hall on Monday 3/1 on the closed-days page, as a 係長 does; returns the closure's id.</summary>
    private async Task<int> CloseThroughPageAsync(string from, string until)
    {
        using var added = await MadoguchiApp.PostFormAsync(_app.Office, "/office/calendar/closed-days", new()
        {
            ["PlaceId"] = "1",
            ["Date"] = "2027-03-01",
            ["From"] = from,
            ["Until"] = until,
            ["Reason"] = "停電点検",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        await using var db = _app.Database.Open();
        return await db.ClosedDays.Select(c => c.Id).SingleAsync();
    }

    /// <summary>Fills in the row's own form (status and note) and presses 記録.</summary>
    private async Task<HttpResponseMessage> MarkAsync(string path, string code, string status, string note)
    {
        var page = await _app.PageAsync(_app.Office, path);
        var form = page.QuerySelector<IHtmlFormElement>($"tr[data-booking='{code}'] form")!;
        return await SubmitAsync(form, path, new() { ["status"] = status, ["note"] = note });
    }

    private async Task<HttpResponseMessage> SubmitAsync(IHtmlFormElement form, string path, Dictionary<string, string> values)
    {
        var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (k, v) in values)
        {
            fields[k] = v;
        }

        using var content = new FormUrlEncodedContent(fields);
        var action = form.GetAttribute("action");
        return await _app.Office.PostAsync(string.IsNullOrEmpty(action) ? path : action, content);
    }
}
