using AngleSharp.Dom;
using AngleSharp.Html.Dom;

using Madoguchi.Staff;

namespace Madoguchi.Tests.Counter;

/// <summary>
/// The counter pages as staff use them, keyboard and forms only. Citizens book through the public API
/// on Monday 2027-02-22 10:00 for Wednesday 2/24 (2/23 is a holiday): 上田　太郎's card at City Hall
/// at 9:00, 花子's at the Maruko centre at 10:00. Then the clock moves to Wednesday 8:50 and staff
/// sign in: a パート who works everywhere, and a 職員 of the Maruko centre only.
/// </summary>
public sealed class CounterPagesTests : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string Hanako = "C2D-654321";
    private const string Jiro = "E3F-111111";

    // ImportCardsAsync names the cards 試験　{i}子 in the order given.
    private const string TaroName = "試験　0子";
    private const string HanakoName = "試験　1子";
    private const string JiroName = "試験　2子";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;
    private string _honchoCode = "";
    private string _marukoCode = "";

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock);
        await _app.ImportCardsAsync(_clock, (Taro, "1985-04-12"), (Hanako, "1990-01-01"), (Jiro, "2000-02-29"));
        _honchoCode = await _app.BookAsync(1, "2027-02-24T09:00:00+09:00", Taro, "1985-04-12", "090-1234-5678");
        _marukoCode = await _app.BookAsync(3, "2027-02-24T10:00:00+09:00", Hanako, "1990-01-01", "090-1234-5678");
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 8, 50, 0, TimeSpan.FromHours(9)));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_part_timer_finds_checks_in_and_issues_a_booked_card_and_the_ledger_shows_it_issued()
    {
        var client = await _app.SignInAsync(StaffRole.PartTimer, _app.NewOfficeClient());

        var list = await _app.PageAsync(client, "/office/counter?place=honcho");
        var row = list.QuerySelector($"tbody[data-code='{_honchoCode}']")!;
        Assert.Equal(TaroName, row.QuerySelector("[data-name]")!.TextContent);
        Assert.Contains("1985-04-12（昭和60年4月12日）", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("長野県上田市大手一丁目0番", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("予約", row.QuerySelector("[data-status]")!.TextContent);
        Assert.Equal("1", list.QuerySelector("[data-count=bookings]")!.TextContent);
        Assert.NotNull(list.QuerySelector("input#q[autofocus]"));

        // What a QR reader with caps lock off types.
        using var found = await client.GetAsync("/office/counter/find?q=" + _honchoCode.ToLowerInvariant());
        await AssertRedirectAsync(found);
        var booking = found.Headers.Location!.ToString();
        Assert.Equal($"/office/counter/bookings/{await _app.Database.BookingIdAsync(_honchoCode)}", booking);

        using var checkedIn = await MadoguchiApp.PostFormAsync(client, booking, new() { ["counter"] = "2" });
        await AssertRedirectAsync(checkedIn);
        var page = await _app.PageAsync(client, booking);
        Assert.Equal("CheckedIn", page.QuerySelector("#status")!.GetAttribute("data-status"));
        Assert.NotNull(page.QuerySelector("input#number[autofocus]"));

        // 花子's card taken from the shelf by mistake.
        var wrong = await _app.PageAsync(client, booking + "?number=" + Hanako);
        Assert.Equal("number-not-in-booking", wrong.QuerySelector("#problem")!.GetAttribute("data-code"));
        Assert.Equal("true", wrong.QuerySelector("#number")!.GetAttribute("aria-invalid"));
        Assert.Null(wrong.QuerySelector("#confirmed"));

        var confirm = await _app.PageAsync(client, booking + "?number=a1b123456");
        Assert.Equal(Taro, confirm.QuerySelector("[data-confirm-number]")!.TextContent);
        Assert.Equal(TaroName, confirm.QuerySelector("[data-confirm-name]")!.TextContent);
        Assert.Contains("昭和60年4月12日", confirm.QuerySelector("[data-confirm-birth]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("本人確認書類で氏名・生年月日を確認した", confirm.QuerySelector("label[for=confirmed]")!.TextContent);

        using (var unconfirmed = await MadoguchiApp.PostFormAsync(client, booking + "?number=" + Taro, []))
        {
            var refused = await MadoguchiApp.ParseAsync(unconfirmed);
            Assert.Equal("not-confirmed", refused.QuerySelector("#problem")!.GetAttribute("data-code"));
            Assert.Equal("true", refused.QuerySelector("#confirmed")!.GetAttribute("aria-invalid"));
        }

        using var issued = await MadoguchiApp.PostFormAsync(client, booking + "?number=" + Taro, new() { ["confirmed"] = "true" });

        await AssertRedirectAsync(issued);
        var done = await _app.PageAsync(client, booking);
        Assert.Contains($"管理番号 {Taro}（{TaroName}）を交付済みにしました", done.QuerySelector("#notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("交付済", done.QuerySelector($"tr[data-number='{Taro}'] [data-ledger-status]")!.TextContent);
        Assert.Equal("Issued", done.QuerySelector("#status")!.GetAttribute("data-status"));
        var after = await _app.PageAsync(client, "/office/counter?place=honcho");
        Assert.Equal("交付済", after.QuerySelector($"tbody[data-code='{_honchoCode}'] [data-status]")!.TextContent);

        // The ledger itself, as a 職員 reads it.
        var clerk = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());
        var entry = await _app.PageAsync(clerk, $"/office/ledger/entries/{await _app.Database.EntryIdAsync(Taro)}");
        Assert.Contains("交付済", entry.QuerySelector("dl.entry")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_maruko_clerk_sees_only_maruko_and_is_refused_at_city_hall()
    {
        var client = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient(), places: "maruko");

        var list = await _app.PageAsync(client, "/office/counter");
        Assert.Equal(["maruko"], list.QuerySelectorAll("select#place option").Select(o => o.GetAttribute("value")));
        Assert.Equal(HanakoName, list.QuerySelector($"tbody[data-code='{_marukoCode}'] [data-name]")!.TextContent);
        Assert.DoesNotContain(TaroName, list.Body!.TextContent, StringComparison.Ordinal);

        using var honchoList = await client.GetAsync("/office/counter?place=honcho");
        using var honchoBooking = await client.GetAsync($"/office/counter/bookings/{await _app.Database.BookingIdAsync(_honchoCode)}");
        using var honchoFind = await client.GetAsync("/office/counter/find?q=" + _honchoCode);
        foreach (var refused in new[] { honchoList, honchoBooking, honchoFind })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var page = await MadoguchiApp.ParseAsync(refused);
            Assert.Equal("place-not-allowed", page.QuerySelector("#problem")!.GetAttribute("data-code"));
            Assert.Contains("担当外の交付場所", page.QuerySelector("#problem")!.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain(TaroName, page.Body!.TextContent, StringComparison.Ordinal);
        }

        // A check-in posted straight at City Hall's booking (with a valid form token from her own booking) is refused too.
        var own = await _app.PageAsync(client, $"/office/counter/bookings/{await _app.Database.BookingIdAsync(_marukoCode)}");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = own.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["counter"] = "1",
        });
        using var posted = await client.PostAsync($"/office/counter/bookings/{await _app.Database.BookingIdAsync(_honchoCode)}?handler=CheckIn", content);
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        await using var db = _app.Database.Open();
        Assert.Equal(Madoguchi.Booking.BookingStatus.Booked, await db.Bookings.Where(b => b.Code == _honchoCode).Select(b => b.Status).SingleAsync());
    }

    [Fact]
    public async Task A_walk_in_is_issued_from_the_find_page_and_a_mistaken_issue_is_corrected_with_a_reason()
    {
        var client = await _app.SignInAsync(StaffRole.PartTimer, _app.NewOfficeClient());
        const string Find = "/office/counter/find?q=e3f111111&place=honcho";

        var found = await _app.PageAsync(client, Find);
        Assert.Equal(JiroName, found.QuerySelector("[data-name]")!.TextContent);
        Assert.Equal("交付待ち", found.QuerySelector("[data-ledger-status]")!.TextContent);
        Assert.NotNull(found.QuerySelector("input#number[autofocus]"));

        using var issued = await MadoguchiApp.PostFormAsync(client, Find, new() { ["place"] = "honcho", ["number"] = "ｅ３ｆ－１１１１１１", ["counter"] = "1", ["confirmed"] = "true" });

        await AssertRedirectAsync(issued);
        var after = await _app.PageAsync(client, issued.Headers.Location!.ToString());
        Assert.Equal("交付済", after.QuerySelector("[data-ledger-status]")!.TextContent);
        Assert.Null(after.QuerySelector("main form[method=post]"));
        var list = await _app.PageAsync(client, "/office/counter?place=honcho");
        Assert.Contains(JiroName, list.QuerySelector("table[aria-labelledby=walkin-heading]")!.TextContent, StringComparison.Ordinal);
        // A part-timer is not offered the correction; a 職員 corrects the mistake.
        Assert.Null(after.QuerySelector("a[href$='/correct']"));
        client = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());
        var asClerk = await _app.PageAsync(client, issued.Headers.Location!.ToString());
        var correct = asClerk.QuerySelector("a[href$='/correct']")!.GetAttribute("href")!;

        using (var noReason = await MadoguchiApp.PostFormAsync(client, correct, new() { ["reason"] = "" }))
        {
            Assert.Equal("reason-required", (await MadoguchiApp.ParseAsync(noReason)).QuerySelector("#problem")!.GetAttribute("data-code"));
        }

        using var corrected = await MadoguchiApp.PostFormAsync(client, correct, new() { ["reason"] = "本人確認の前に押してしまった" });

        await AssertRedirectAsync(corrected);
        var back = await _app.PageAsync(client, corrected.Headers.Location!.ToString());
        Assert.Equal("交付待ち", back.QuerySelector("[data-ledger-status]")!.TextContent);
        Assert.Contains("訂正済", back.QuerySelector("table[aria-labelledby=issues-heading]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("本人確認の前に押してしまった", back.QuerySelector("table[aria-labelledby=issues-heading]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_part_timer_sees_no_other_day_and_each_refusal_is_audited()
    {
        // The next morning: Wednesday's bookings are yesterday's.
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 25, 8, 50, 0, TimeSpan.FromHours(9)));
        var part = await _app.SignInAsync(StaffRole.PartTimer, _app.NewOfficeClient());
        var booking = $"/office/counter/bookings/{await _app.Database.BookingIdAsync(_honchoCode)}";

        foreach (var path in new[] { "/office/counter?place=honcho&date=2027-02-24", booking, "/office/counter/find?q=" + _honchoCode })
        {
            using var refused = await part.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var page = await MadoguchiApp.ParseAsync(refused);
            Assert.Equal("today-only", page.QuerySelector("#problem")!.GetAttribute("data-code"));
            Assert.DoesNotContain(TaroName, page.Body!.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("長野県上田市", page.Body!.TextContent, StringComparison.Ordinal);
        }

        // Today's list is still theirs; a 職員 sees yesterday's.
        Assert.Equal("0", (await _app.PageAsync(part, "/office/counter?place=honcho")).QuerySelector("[data-count=bookings]")!.TextContent);
        var clerk = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());
        Assert.Equal(TaroName, (await _app.PageAsync(clerk, booking)).QuerySelector("[data-name]")!.TextContent);
        Assert.Equal(TaroName, (await _app.PageAsync(clerk, "/office/counter?place=honcho&date=2027-02-24")).QuerySelector("[data-name]")!.TextContent);

        await using var db = _app.Database.Open();
        var refusals = await db.AuditEntries.Where(e => e.Role == nameof(StaffRole.PartTimer) && e.Outcome == "refused").Select(e => e.Action).ToListAsync();
        Assert.Equal(["counter.daylist.view", "counter.booking.view", "counter.find"], refusals);
    }

    [Fact]
    public async Task No_show_is_offered_once_the_booked_time_has_passed()
    {
        var client = await _app.SignInAsync(StaffRole.PartTimer, _app.NewOfficeClient());
        var booking = $"/office/counter/bookings/{await _app.Database.BookingIdAsync(_honchoCode)}";
        Assert.Null((await _app.PageAsync(client, booking)).QuerySelector("form[action*='handler=NoShow']"));

        // 9:15 is the end of the 9:00 slot; staff sign in again after the idle time-out.
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 9, 20, 0, TimeSpan.FromHours(9)));
        client = await _app.SignInAsync(StaffRole.PartTimer, _app.NewOfficeClient());
        var page = await _app.PageAsync(client, booking);
        var form = page.QuerySelector<IHtmlFormElement>("form[action*='handler=NoShow']")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        });
        using var posted = await client.PostAsync(form.GetAttribute("action"), content);

        await AssertRedirectAsync(posted);
        var after = await _app.PageAsync(client, booking);
        Assert.Equal("NoShow", after.QuerySelector("#status")!.GetAttribute("data-status"));
        Assert.Contains("来庁なし", after.QuerySelector("#status")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>An action that was done answers with a redirect; one refused shows why, which the failure repeats.</summary>
    private static async Task AssertRedirectAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var page = await MadoguchiApp.ParseAsync(response);
            Assert.Fail($"{(int)response.StatusCode}: {page.QuerySelector("#problem")?.TextContent.Trim() ?? page.Body?.TextContent}");
        }
    }
}
