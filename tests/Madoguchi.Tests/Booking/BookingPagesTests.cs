using AngleSharp.Html.Dom;

namespace Madoguchi.Tests.Booking;

/// <summary>
/// A citizen books through the pages with no JavaScript, as a plain HTML client: each step is a
/// link or a form. The clock stands on Monday 2027-02-22 10:00 in Ueda.
/// </summary>
public sealed class BookingPagesTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock, settings: new Dictionary<string, string?> { ["Madoguchi:Booking:RequestsPerMinute"] = "1000" });
        await _app.ImportCardsAsync(_clock, ("A1B-123456", "1985-04-12"), ("C2D-654321", "1990-01-01"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_family_books_with_a_full_width_number_and_a_japanese_era_birth_date()
    {
        var start = await _app.PageAsync(_app.Public, "/book");
        using var cards = await PostFormAsync(start, "form", new()
        {
            ["Cards[0].ManagementNumber"] = "ａ１ｂ－１２３４５６",
            ["Cards[0].BirthDate"] = "昭和60年4月12日",
            ["Cards[1].ManagementNumber"] = "c2d654321",
            ["Cards[1].BirthDate"] = "H2.1.1",
        });
        Assert.Equal(HttpStatusCode.Redirect, cards.StatusCode);

        var places = await _app.PageAsync(_app.Public, cards.Headers.Location!.ToString());
        Assert.Contains("2 人分", places.Body!.TextContent, StringComparison.Ordinal);
        var calendarLink = places.QuerySelectorAll("a.choice").First(a => a.TextContent.Contains("本庁舎", StringComparison.Ordinal)).GetAttribute("href")!;

        var calendar = await _app.PageAsync(_app.Public, calendarLink);
        Assert.Equal("2027 年 2 月", calendar.QuerySelector("table.month caption")!.TextContent.Trim());
        // 2/23 is 天皇誕生日: closed, with its reason readable, not a link.
        var holiday = calendar.QuerySelectorAll("td.day").First(td => td.QuerySelector(".date")!.TextContent == "23");
        Assert.Null(holiday.QuerySelector("a"));
        Assert.Contains("天皇誕生日", holiday.TextContent, StringComparison.Ordinal);
        var next = calendar.QuerySelectorAll(".month-nav a").Single(a => a.TextContent.Contains("次の月", StringComparison.Ordinal)).GetAttribute("href")!;
        var march = await _app.PageAsync(_app.Public, next);
        var first = march.QuerySelectorAll("td.day a").First(a => a.QuerySelector(".date")!.TextContent == "1");
        Assert.Contains("空きあり", first.GetAttribute("aria-label"), StringComparison.Ordinal);

        var times = await _app.PageAsync(_app.Public, first.GetAttribute("href")!);
        var nine = times.QuerySelectorAll("ul.times form").First(f => f.TextContent.Contains("9:00〜9:15", StringComparison.Ordinal));
        using var held = await PostFormAsync(times, nine, []);
        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);

        var confirm = await _app.PageAsync(_app.Public, held.Headers.Location!.ToString());
        Assert.Contains("10:10 まで席を確保しています", confirm.QuerySelector("#hold-until")!.TextContent, StringComparison.Ordinal);
        using var done = await PostFormAsync(confirm, "form.stack", new() { ["phone"] = "090 1234 5678", ["email"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        var page = await _app.PageAsync(_app.Public, done.Headers.Location!.ToString());
        var code = page.QuerySelector("#booking-code")!.TextContent.Trim();
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}$", code);
        Assert.Contains("2027年3月1日（月） 9:00〜9:15", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("交付通知書（はがき）", page.Body.TextContent, StringComparison.Ordinal);
        // No e-mail address was given, so the page promises no mail.
        Assert.Null(page.QuerySelector("#mail-sent"));
        Assert.NotNull(page.QuerySelector(".qr svg[role=img] title"));
        var ics = await _app.Public.GetStringAsync(page.QuerySelector("a[href^='/book/ics']")!.GetAttribute("href")!);
        Assert.Contains("DTSTART:20270301T000000Z", ics, StringComparison.Ordinal);
        await using var db = _app.Database.Open();
        var booking = await db.Bookings.Include(b => b.Cards).SingleAsync();
        Assert.Equal((code, 2, "090-1234-5678"), (booking.Code, booking.People, booking.Phone));
    }

    [Fact]
    public async Task A_wrong_birth_date_is_reported_at_its_row_and_nothing_is_revealed()
    {
        var start = await _app.PageAsync(_app.Public, "/book");
        using var response = await PostFormAsync(start, "form", new()
        {
            ["Cards[0].ManagementNumber"] = "A1B-123456",
            ["Cards[0].BirthDate"] = "1985-04-12",
            ["Cards[2].ManagementNumber"] = "C2D-654321",
            ["Cards[2].BirthDate"] = "1990-01-02",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await MadoguchiApp.ParseAsync(response);
        Assert.Contains("番号か生年月日が違います", page.QuerySelector("#problem")!.TextContent, StringComparison.Ordinal);
        // The third row on the page is the one marked, tied to the message.
        Assert.Equal("true", page.QuerySelector("#card2-birth")!.GetAttribute("aria-invalid"));
        Assert.Contains("problem", page.QuerySelector("#card2-birth")!.GetAttribute("aria-describedby")!, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#card0-birth")!.GetAttribute("aria-invalid"));
        Assert.Equal("C2D-654321", page.QuerySelector("#card2-number")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_step_without_a_valid_pass_goes_back_to_the_start()
    {
        using var response = await _app.Public.GetAsync("/book/place?pass=forged");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/book", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_citizen_who_gives_an_e_mail_address_is_told_a_mail_is_on_its_way()
    {
        var start = await _app.PageAsync(_app.Public, "/book");
        using var cards = await PostFormAsync(start, "form", new() { ["Cards[0].ManagementNumber"] = "A1B-123456", ["Cards[0].BirthDate"] = "1985-04-12" });
        var places = await _app.PageAsync(_app.Public, cards.Headers.Location!.ToString());
        var calendar = await _app.PageAsync(_app.Public, places.QuerySelectorAll("a.choice").First(a => a.TextContent.Contains("本庁舎", StringComparison.Ordinal)).GetAttribute("href")!);
        // 2/24 (Wednesday) is the first open day after the 2/23 holiday.
        var day = calendar.QuerySelectorAll("td.day a").First(a => a.QuerySelector(".date")!.TextContent == "24");
        var times = await _app.PageAsync(_app.Public, day.GetAttribute("href")!);
        using var held = await PostFormAsync(times, times.QuerySelector("ul.times form")!, []);
        var confirm = await _app.PageAsync(_app.Public, held.Headers.Location!.ToString());

        using var done = await PostFormAsync(confirm, "form.stack", new() { ["phone"] = "090-1234-5678", ["email"] = "taro@example.jp" });

        var page = await _app.PageAsync(_app.Public, done.Headers.Location!.ToString());
        Assert.Contains("メールアドレスに、予約の内容", page.QuerySelector("#mail-sent")!.TextContent, StringComparison.Ordinal);
        await using var db = _app.Database.Open();
        Assert.Equal("taro@example.jp", (await db.Outbox.SingleAsync()).To);
    }

    [Fact]
    public async Task The_citizen_checks_the_booking_and_is_told_to_phone_to_cancel()
    {
        using var booked = await _app.PostJsonAsync("/api/v1/bookings", new
        {
            placeId = 1,
            start = new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9)),
            cards = new[] { new { managementNumber = "A1B-123456", birthDate = "1985-04-12" } },
            phone = "090-1234-5678",
        });
        var code = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(booked.Content)).GetProperty("code").GetString()!;

        var form = await _app.PageAsync(_app.Public, "/booking");
        using var response = await PostFormAsync(form, "form", new() { ["code"] = code, ["number"] = "A1B123456", ["birth"] = "S60.4.12" });

        var page = await MadoguchiApp.ParseAsync(response);
        Assert.Contains(code, page.QuerySelector("#booking")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("***-****-5678", page.QuerySelector("#booking")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("0268-22-4100", page.QuerySelector("#by-phone")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form[action*='handler=Cancel']"));
    }

    [Fact]
    public async Task The_booking_pages_fit_a_phone_and_load_nothing_from_outside()
    {
        foreach (var path in new[] { "/", "/book", "/booking" })
        {
            var page = await _app.PageAsync(_app.Public, path);
            Assert.Equal("ja", page.DocumentElement.GetAttribute("lang"));
            Assert.Contains("width=device-width", page.QuerySelector("meta[name=viewport]")!.GetAttribute("content"), StringComparison.Ordinal);
            Assert.All(page.QuerySelectorAll("[src], link[href]"), e => Assert.StartsWith("/", e.GetAttribute("src") ?? e.GetAttribute("href"), StringComparison.Ordinal));
            Assert.All(page.QuerySelectorAll("input:not([type=hidden])"), i => Assert.NotNull(page.QuerySelector($"label[for='{i.Id}']")));
        }
    }

    private async Task<HttpResponseMessage> PostFormAsync(IHtmlDocument page, string selector, Dictionary<string, string> values) =>
        await PostFormAsync(page, page.QuerySelector(selector)!, values);

    private async Task<HttpResponseMessage> PostFormAsync(IHtmlDocument page, AngleSharp.Dom.IElement form, Dictionary<string, string> values)
    {
        // As a browser does: every named input goes with the form, empty ones too.
        var fields = form.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (key, value) in values)
        {
            fields[key] = value;
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Url : action;
        using var content = new FormUrlEncodedContent(fields);
        return await _app.Public.PostAsync(target, content);
    }
}
