using AngleSharp.Html.Dom;

using Madoguchi.Staff;

namespace Madoguchi.Tests.Booking.Phone;

/// <summary>
/// A clerk (職員) on the phone uses the office pages. The clock stands on Monday 2027-02-22 10:00
/// in Ueda (window 2/23–3/24). Place ids: 1 the City Hall (2 seats per slot), 3 Maruko (1 seat).
/// The test import names the cards 試験　0子, 試験　1子, … in the order given.
/// </summary>
public sealed class PhoneBookingPagesTests : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string TaroBirth = "1985-04-12";
    private const string Hanako = "C2D-654321";
    private const string HanakoBirth = "1990-01-01";
    private const int Honcho = 1;
    private const int Maruko = 3;

    private static readonly DateTimeOffset MondayNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock);
        await _app.ImportCardsAsync(_clock, (Taro, TaroBirth), (Hanako, HanakoBirth));
        await _app.SignInAsync(StaffRole.Clerk);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_booking_is_found_by_its_code_as_heard_and_shows_the_phone_in_full_and_the_names()
    {
        var code = await BookOnlineAsync(Honcho, "090-1111-2222", (Taro, TaroBirth), (Hanako, HanakoBirth));

        // Heard on the phone and typed in lower case without the hyphen.
        var page = await _app.PageAsync(_app.Office, "/office/bookings?code=" + code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());

        var row = Assert.Single(page.QuerySelectorAll("tr[data-booking]"));
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(code, cells[0]);
        Assert.Equal("本庁舎 市民課", cells[1]);
        Assert.Equal("2027年3月1日（月） 9:00〜9:15", cells[2]);
        Assert.Equal("2 人", cells[3]);
        Assert.Equal("090-1111-2222", cells[4]);
        Assert.Equal("予約中", cells[6]);
        Assert.Equal("試験　0子、試験　1子", cells[7]);
        var details = await _app.PageAsync(_app.Office, row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Equal("090-1111-2222", details.QuerySelector("[data-field=phone]")!.TextContent);
    }

    [Fact]
    public async Task A_name_without_a_date_of_birth_is_refused_with_what_to_add()
    {
        using var response = await _app.Office.GetAsync("/office/bookings?name=" + Uri.EscapeDataString("試験"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await MadoguchiApp.ParseAsync(response);
        Assert.Equal("true", page.QuerySelector("#birth")!.GetAttribute("aria-invalid"));
        Assert.Contains("生年月日も入力してください", page.QuerySelector("#birth-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_with_a_reason_frees_the_seat_and_the_page_says_so()
    {
        var code = await BookOnlineAsync(Maruko, "090-3333-4444", (Taro, TaroBirth));
        var id = await _app.Database.BookingIdAsync(code);

        using var withoutReason = await PostAsync($"/office/bookings/{id}", "#cancel-form", new() { ["reason"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutReason.StatusCode);
        Assert.Equal("true", (await MadoguchiApp.ParseAsync(withoutReason)).QuerySelector("#reason")!.GetAttribute("aria-invalid"));

        using var cancelled = await PostAsync($"/office/bookings/{id}", "#cancel-form", new() { ["reason"] = "都合が悪くなった" });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var page = await MadoguchiApp.ParseAsync(cancelled);
        var message = page.QuerySelector("#cancelled")!;
        Assert.Equal(code, message.GetAttribute("data-code"));
        Assert.Contains("電話番号とメールアドレスは削除しました", message.TextContent, StringComparison.Ordinal);
        await using var db = _app.Database.Open();
        Assert.Equal(0, await db.Bookings.CountAsync());
        Assert.Equal("phone", (await db.BookingTombstones.SingleAsync()).CancelledBy);
        // Maruko's one seat at 9:00 is free again for Hanako.
        Assert.Equal(HttpStatusCode.Created, (await BookOnlineResponseAsync(Maruko, "090-5555-6666", (Hanako, HanakoBirth))).StatusCode);
        using var gone = await _app.Office.GetAsync($"/office/bookings/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Moving_to_another_time_shows_the_new_time_with_the_same_code()
    {
        var code = await BookOnlineAsync(Honcho, "090-3333-4444", (Taro, TaroBirth));
        var id = await _app.Database.BookingIdAsync(code);

        using var moved = await PostAsync($"/office/bookings/{id}?place={Honcho}&date=2027-03-01", "#move-form", new() { ["start"] = "2027-03-01T10:00:00.0000000+09:00" });

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var page = await _app.PageAsync(_app.Office, moved.Headers.Location!.ToString());
        Assert.Contains("2027年3月1日（月） 10:00〜10:15", page.QuerySelector("#moved")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(code, page.QuerySelector("[data-field=code]")!.TextContent);
    }

    [Fact]
    public async Task A_clerk_books_for_a_caller_and_reads_out_the_code()
    {
        // Two family members; the first typed in full width and with an era date, as a clerk might.
        using var booked = await MadoguchiApp.PostFormAsync(_app.Office, "/office/bookings/new", new()
        {
            ["Cards[0].ManagementNumber"] = "ａ１ｂ１２３４５６",
            ["Cards[0].BirthDate"] = "昭和60年4月12日",
            ["Cards[1].ManagementNumber"] = Hanako,
            ["Cards[1].BirthDate"] = "H2.1.1",
            ["Place"] = Honcho.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Date"] = "2027-03-01",
            ["Start"] = MondayNine.ToString("o"),
            ["Phone"] = "0268-22-1234",
        });

        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        var page = await _app.PageAsync(_app.Office, booked.Headers.Location!.ToString());
        var code = page.QuerySelector(".booking-code")!.TextContent.Trim();
        await using var db = _app.Database.Open();
        var booking = await db.Bookings.Include(b => b.Cards).SingleAsync();
        Assert.Equal((booking.Code, "phone", "0268-22-1234", 2), (code, booking.Channel, booking.Phone, booking.Cards.Count));
        Assert.Equal("2 人", page.QuerySelector("[data-field=people]")!.TextContent);
    }

    [Fact]
    public async Task Booking_for_a_caller_follows_the_public_rules_and_keeps_what_was_typed()
    {
        await BookOnlineAsync(Maruko, "090-3333-4444", (Taro, TaroBirth));

        // Hanako's date of birth is a day off; the card check answers as the public zone does.
        using var refused = await MadoguchiApp.PostFormAsync(_app.Office, "/office/bookings/new", new()
        {
            ["Cards[0].ManagementNumber"] = Hanako,
            ["Cards[0].BirthDate"] = "1990-01-02",
            ["Place"] = Maruko.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Date"] = "2027-03-01",
            ["Start"] = MondayNine.AddMinutes(15).ToString("o"),
            ["Phone"] = "0268-22-1234",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await MadoguchiApp.ParseAsync(refused);
        Assert.Equal("card-not-found", page.QuerySelector("#problem")!.GetAttribute("data-code"));
        Assert.Equal("true", page.QuerySelector("#card0-birth")!.GetAttribute("aria-invalid"));
        Assert.Equal("0268-22-1234", page.QuerySelector("#phone")!.GetAttribute("value"));
        // The day's times are listed again with the chosen 9:15 still chosen; Taro holds Maruko's one seat at 9:00.
        var nine = page.QuerySelector($"input[name=Start][value='{MondayNine:o}']")!;
        var quarterPast = page.QuerySelector($"input[name=Start][value='{MondayNine.AddMinutes(15):o}']")!;
        Assert.True(nine.HasAttribute("disabled"));
        Assert.Equal((false, true), (quarterPast.HasAttribute("disabled"), quarterPast.HasAttribute("checked")));
    }

    [Fact]
    public async Task Showing_the_free_times_keeps_what_the_clerk_typed()
    {
        var form = await _app.PageAsync(_app.Office, "/office/bookings/new");
        var times = form.QuerySelector("button[formaction$='handler=Times']")!.GetAttribute("formaction")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Cards[0].ManagementNumber"] = Taro,
            ["Cards[0].BirthDate"] = TaroBirth,
            ["Place"] = Maruko.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Date"] = "2027-03-01",
            ["Phone"] = "0268-22-1234",
        });

        using var response = await _app.Office.PostAsync(times, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await MadoguchiApp.ParseAsync(response);
        // 8:30–17:15 in 15-minute slots is 35 times; nothing typed is lost.
        Assert.Equal(35, page.QuerySelectorAll("#times input[name=Start]").Length);
        Assert.Equal((Taro, TaroBirth, "0268-22-1234"), (page.QuerySelector("#card0-number")!.GetAttribute("value"), page.QuerySelector("#card0-birth")!.GetAttribute("value"), page.QuerySelector("#phone")!.GetAttribute("value")));
        Assert.Equal("3", page.QuerySelector("#place option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_form_shows_one_card_and_adds_a_family_member_without_javascript()
    {
        var form = await _app.PageAsync(_app.Office, "/office/bookings/new");
        Assert.Equal(["card0-number"], form.QuerySelectorAll("fieldset.card-row input[name$=ManagementNumber]").Select(i => i.Id));
        var add = form.QuerySelectorAll("button[formaction]").Single(b => b.TextContent.Contains("家族を追加", StringComparison.Ordinal)).GetAttribute("formaction")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Rows"] = "1",
            ["Cards[0].ManagementNumber"] = Taro,
            ["Cards[0].BirthDate"] = TaroBirth,
            ["Phone"] = "0268-22-1234",
        });

        using var response = await _app.Office.PostAsync(add, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await MadoguchiApp.ParseAsync(response);
        Assert.Equal(["card0-number", "card1-number"], page.QuerySelectorAll("fieldset.card-row input[name$=ManagementNumber]").Select(i => i.Id));
        Assert.True(page.QuerySelector("#card1-number")!.HasAttribute("autofocus"));
        Assert.Equal((Taro, "0268-22-1234"), (page.QuerySelector("#card0-number")!.GetAttribute("value"), page.QuerySelector("#phone")!.GetAttribute("value")));
        Assert.Equal("/office/bookings/new", page.QuerySelector("main form[method=post]")!.GetAttribute("action"));
    }

    [Fact]
    public async Task A_branch_clerk_sees_only_the_bookings_of_the_branch()
    {
        var code = await BookOnlineAsync(Honcho, "090-3333-4444", (Taro, TaroBirth));
        var id = await _app.Database.BookingIdAsync(code);
        var branch = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient(), places: "maruko");

        var page = await _app.PageAsync(branch, "/office/bookings?code=" + code);
        using var details = await branch.GetAsync($"/office/bookings/{id}");

        Assert.NotNull(page.QuerySelector("#none"));
        Assert.NotEqual(HttpStatusCode.OK, details.StatusCode);
        var places = (await _app.PageAsync(branch, "/office/bookings/new")).QuerySelectorAll("#place option").Select(o => o.TextContent).ToList();
        Assert.Equal(["丸子自治センター"], places);
    }

    private async Task<string> BookOnlineAsync(int placeId, string phone, params (string Number, string Birth)[] cards)
    {
        using var response = await BookOnlineResponseAsync(placeId, phone, cards);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content)).GetProperty("code").GetString()!;
    }

    private Task<HttpResponseMessage> BookOnlineResponseAsync(int placeId, string phone, params (string Number, string Birth)[] cards) =>
        _app.PostJsonAsync("/api/v1/bookings", new
        {
            placeId,
            start = MondayNine,
            cards = cards.Select(c => new { managementNumber = c.Number, birthDate = c.Birth }).ToArray(),
            phone,
        });

    /// <summary>Opens the page and posts the form the selector names, with its hidden fields (antiforgery included).</summary>
    private async Task<HttpResponseMessage> PostAsync(string path, string formSelector, Dictionary<string, string> values)
    {
        var page = await _app.PageAsync(_app.Office, path);
        var form = (IHtmlFormElement)page.QuerySelector(formSelector)!;
        var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (k, v) in values)
        {
            fields[k] = v;
        }

        using var content = new FormUrlEncodedContent(fields);
        return await _app.Office.PostAsync(form.GetAttribute("action"), content);
    }
}
