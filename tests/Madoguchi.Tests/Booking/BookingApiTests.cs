using System.Net.Http.Json;
using System.Text.Json;

namespace Madoguchi.Tests.Booking;

/// <summary>
/// The public API's contract as a LINE mini-app or the booking pages meet it. The clock stands on
/// Monday 2027-02-22 10:00 in Ueda, before the day's 17:00 cut-off, so the window is 2/23–3/24.
/// </summary>
public sealed class BookingApiTests : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string TaroBirth = "1985-04-12";
    private const string Hanako = "C2D-654321";
    private const string HanakoBirth = "1990-01-01";
    private const string Jiro = "E3F-111111";
    private const string JiroBirth = "2000-02-29";

    // 2027-03-01 is a Monday: the South building's temporary counter opens that day.
    private static readonly DateTimeOffset MondayNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;
    private Dictionary<string, int> _places = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock, settings: new Dictionary<string, string?> { ["Madoguchi:Booking:RequestsPerMinute"] = "1000" });
        await _app.ImportCardsAsync(_clock, (Taro, TaroBirth), (Hanako, HanakoBirth), (Jiro, JiroBirth));
        using var places = await _app.Public.GetAsync("/api/v1/places");
        _places = (await places.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .ToDictionary(p => p.GetProperty("code").GetString()!, p => p.GetProperty("id").GetInt32());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Places_are_listed_with_their_ids()
    {
        Assert.Equal(["honcho", "minami", "maruko", "sanada", "takeshi"], _places.Keys);
    }

    [Fact]
    public async Task Slots_of_a_weekday_run_every_15_minutes_from_8_30_with_one_seat_per_counter()
    {
        var slots = await SlotsAsync("honcho", "2027-03-01", "2027-03-01");

        // 8:30–17:15 is 8¾ hours: 35 slots of 15 minutes; the City Hall has 2 counters.
        Assert.Equal(35, slots.Length);
        Assert.Equal("2027-03-01T08:30:00+09:00", slots[0].GetProperty("start").GetString());
        Assert.Equal("2027-03-01T17:15:00+09:00", slots[^1].GetProperty("end").GetString());
        Assert.All(slots, s => Assert.Equal((2, "○"), (s.GetProperty("remaining").GetInt32(), s.GetProperty("mark").GetString())));
    }

    [Fact]
    public async Task No_slots_on_holidays_weekends_or_outside_a_places_season()
    {
        // 2/23 天皇誕生日; 2/27–28 a weekend; 3/22 振替休日 for 春分の日 on Sunday 3/21.
        Assert.Empty(await SlotsAsync("honcho", "2027-02-23", "2027-02-23"));
        Assert.Empty(await SlotsAsync("honcho", "2027-02-27", "2027-02-28"));
        Assert.Empty(await SlotsAsync("honcho", "2027-03-22", "2027-03-22"));
        // The temporary counter opens on 3/1 only.
        Assert.Empty(await SlotsAsync("minami", "2027-02-24", "2027-02-26"));
        Assert.Equal(35 * 4, (await SlotsAsync("minami", "2027-03-01", "2027-03-01")).Sum(s => s.GetProperty("remaining").GetInt32()));
    }

    [Fact]
    public async Task A_hold_takes_seats_for_ten_minutes_and_the_booking_keeps_them()
    {
        using var hold = await HoldAsync("honcho", MondayNine, (Taro, TaroBirth));

        Assert.Equal(HttpStatusCode.Created, hold.StatusCode);
        var held = await hold.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2027-02-22T10:10:00+09:00", held.GetProperty("expiresAt").GetString());
        Assert.Equal(1, await RemainingAsync("honcho", MondayNine));

        using var booked = await _app.PostJsonAsync("/api/v1/bookings", new { holdId = held.GetProperty("holdId").GetGuid(), phone = "０９０－１２３４－５６７８", email = "taro@example.jp" });

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var booking = await booked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}$", booking.GetProperty("code").GetString());
        Assert.Equal(_places["honcho"], booking.GetProperty("placeId").GetInt32());
        Assert.Equal("2027-03-01T09:00:00+09:00", booking.GetProperty("start").GetString());
        Assert.Equal("2027-03-01T09:15:00+09:00", booking.GetProperty("end").GetString());
        Assert.Equal(1, booking.GetProperty("people").GetInt32());
        Assert.Equal(1, await RemainingAsync("honcho", MondayNine));
        await using var db = _app.Database.Open();
        Assert.Equal("090-1234-5678", (await db.Bookings.SingleAsync()).Phone);
        Assert.Equal(0, await db.Holds.CountAsync());
    }

    [Fact]
    public async Task A_double_clicked_confirm_makes_one_booking()
    {
        var holdId = await HoldIdAsync("honcho", MondayNine, (Taro, TaroBirth));

        using var first = await _app.PostJsonAsync("/api/v1/bookings", new { holdId, phone = "090-1234-5678" });
        using var second = await _app.PostJsonAsync("/api/v1/bookings", new { holdId, phone = "090-1234-5678" });

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(Code(await first.Content.ReadFromJsonAsync<JsonElement>()), Code(await second.Content.ReadFromJsonAsync<JsonElement>()));
        await using var db = _app.Database.Open();
        Assert.Equal(1, await db.Bookings.CountAsync());
    }

    [Fact]
    public async Task A_family_books_one_time_together_in_one_step()
    {
        using var booked = await _app.PostJsonAsync("/api/v1/bookings", new
        {
            placeId = _places["honcho"],
            start = MondayNine,
            cards = new[] { new { managementNumber = "ａ１ｂ１２３４５６", birthDate = "昭和60年4月12日" }, new { managementNumber = Hanako, birthDate = "H2.1.1" } },
            phone = "0268-22-4100",
        });

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(2, (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("people").GetInt32());
        Assert.Equal(0, await RemainingAsync("honcho", MondayNine));
    }

    [Fact]
    public async Task An_unknown_number_and_a_wrong_birth_date_get_the_same_answer()
    {
        using var unknown = await HoldAsync("honcho", MondayNine, ("Z9Z-999999", TaroBirth));
        using var wrongBirth = await HoldAsync("honcho", MondayNine, (Taro, "1985-04-13"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        var a = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        var b = await wrongBirth.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("card-not-found", a.GetProperty("code").GetString());
        Assert.Equal((a.GetProperty("title").GetString(), a.GetProperty("detail").GetString(), (int)wrongBirth.StatusCode), (b.GetProperty("title").GetString(), b.GetProperty("detail").GetString(), (int)unknown.StatusCode));
    }

    [Fact]
    public async Task Five_wrong_birth_dates_lock_the_number_for_fifteen_minutes_even_for_the_right_date()
    {
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await HoldAsync("honcho", MondayNine, (Taro, $"1985-04-{13 + i}"));
            Assert.Equal("card-not-found", await CodeOfAsync(wrong));
        }

        using var locked = await HoldAsync("honcho", MondayNine, (Taro, TaroBirth));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("too-many-attempts", await CodeOfAsync(locked));

        // Another card is not affected, and after 15 minutes the right date works again.
        using var other = await HoldAsync("honcho", MondayNine, (Hanako, HanakoBirth));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(15));
        using var again = await HoldAsync("honcho", MondayNine, (Taro, TaroBirth));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task Each_card_state_has_its_own_answer()
    {
        await using (var db = _app.Database.Open())
        {
            await db.LedgerEntries.Where(e => e.ManagementNumber == Hanako).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, Madoguchi.Ledger.CardStatus.Issued));
            await db.LedgerEntries.Where(e => e.ManagementNumber == Jiro).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, Madoguchi.Ledger.CardStatus.Destroyed));
        }

        Assert.Equal("card-issued", await CodeOfAsync(await HoldAsync("honcho", MondayNine, (Hanako, HanakoBirth))));
        Assert.Equal("card-destroyed", await CodeOfAsync(await HoldAsync("honcho", MondayNine, (Jiro, JiroBirth))));

        await using (var db = _app.Database.Open())
        {
            await db.LedgerEntries.Where(e => e.ManagementNumber == Jiro).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, Madoguchi.Ledger.CardStatus.Ready)
                .SetProperty(e => e.ArrivedOn, new DateOnly(2027, 2, 25)));
        }

        Assert.Equal("card-not-ready", await CodeOfAsync(await HoldAsync("honcho", MondayNine, (Jiro, JiroBirth))));

        using var booked = await _app.PostJsonAsync("/api/v1/bookings", new { placeId = _places["honcho"], start = MondayNine, cards = new[] { new { managementNumber = Taro, birthDate = TaroBirth } }, phone = "090-1234-5678" });
        var code = Code(await booked.Content.ReadFromJsonAsync<JsonElement>());
        using var twice = await HoldAsync("honcho", MondayNine.AddHours(1), (Taro, TaroBirth));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var problem = await twice.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("card-already-booked", problem.GetProperty("code").GetString());
        Assert.Contains(code, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_slot_answers_slot_full()
    {
        // Maruko has one counter: one seat per slot.
        using var first = await HoldAsync("maruko", MondayNine, (Taro, TaroBirth));
        using var second = await HoldAsync("maruko", MondayNine, (Hanako, HanakoBirth));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("slot-full", await CodeOfAsync(second));
    }

    [Fact]
    public async Task A_hold_confirmed_too_late_says_so_and_its_seat_is_free_again()
    {
        var holdId = await HoldIdAsync("maruko", MondayNine, (Taro, TaroBirth));

        _clock.Advance(TimeSpan.FromMinutes(10));
        using var late = await _app.PostJsonAsync("/api/v1/bookings", new { holdId, phone = "090-1234-5678" });

        var problem = await late.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((HttpStatusCode.Conflict, "hold-expired"), (late.StatusCode, problem.GetProperty("code").GetString()));
        Assert.Contains("もう一度時間を選んでください", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await RemainingAsync("maruko", MondayNine));
        using var other = await HoldAsync("maruko", MondayNine, (Hanako, HanakoBirth));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task An_expired_hold_of_another_citizen_no_longer_blocks_the_seat()
    {
        await HoldIdAsync("maruko", MondayNine, (Taro, TaroBirth));
        _clock.Advance(TimeSpan.FromMinutes(11));

        using var other = await HoldAsync("maruko", MondayNine, (Hanako, HanakoBirth));

        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task Days_outside_the_window_and_closed_days_are_refused()
    {
        // Today (2/22) and 3/25 (31 days ahead) are outside; 3/22 is a 振替休日.
        Assert.Equal("outside-window", await CodeOfAsync(await HoldAsync("honcho", new DateTimeOffset(2027, 2, 22, 15, 0, 0, TimeSpan.FromHours(9)), (Taro, TaroBirth))));
        Assert.Equal("outside-window", await CodeOfAsync(await HoldAsync("honcho", new DateTimeOffset(2027, 3, 25, 9, 0, 0, TimeSpan.FromHours(9)), (Taro, TaroBirth))));
        Assert.Equal("place-closed", await CodeOfAsync(await HoldAsync("honcho", new DateTimeOffset(2027, 3, 22, 9, 0, 0, TimeSpan.FromHours(9)), (Taro, TaroBirth))));
        Assert.Equal("invalid-input", await CodeOfAsync(await HoldAsync("honcho", MondayNine.AddMinutes(5), (Taro, TaroBirth))));
    }

    [Fact]
    public async Task After_the_cut_off_tomorrow_can_no_longer_be_booked()
    {
        var tomorrow = new DateTimeOffset(2027, 2, 24, 9, 0, 0, TimeSpan.FromHours(9));
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 23, 7, 59, 0, TimeSpan.Zero)); // 16:59 on 2/23
        using var before = await HoldAsync("honcho", tomorrow, (Taro, TaroBirth));
        Assert.Equal(HttpStatusCode.Created, before.StatusCode);

        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 23, 8, 0, 0, TimeSpan.Zero)); // 17:00
        Assert.Equal("outside-window", await CodeOfAsync(await HoldAsync("honcho", tomorrow, (Hanako, HanakoBirth))));
    }

    [Fact]
    public async Task Bad_input_is_422_with_the_field_named()
    {
        var holdId = await HoldIdAsync("honcho", MondayNine, (Taro, TaroBirth));

        using var phone = await _app.PostJsonAsync("/api/v1/bookings", new { holdId, phone = "123" });
        var problem = await phone.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, phone.StatusCode);
        Assert.Equal(("invalid-input", "phone"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));

        using var number = await HoldAsync("honcho", MondayNine, ("A1B-12345", TaroBirth));
        Assert.Equal("cards[0].managementNumber", (await number.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());

        using var json = await _app.Public.PostAsync("/api/v1/holds", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, json.StatusCode);
        Assert.Equal("invalid-input", await CodeOfAsync(json));
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_gets_the_first_answer()
    {
        var body = new { placeId = _places["honcho"], start = MondayNine, cards = new[] { new { managementNumber = Taro, birthDate = TaroBirth } }, phone = "090-1234-5678" };

        using var first = await _app.PostJsonAsync("/api/v1/bookings", body, "retry-1");
        using var retry = await _app.PostJsonAsync("/api/v1/bookings", body, "retry-1");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        await using var db = _app.Database.Open();
        Assert.Equal(1, await db.Bookings.CountAsync());
    }

    [Fact]
    public async Task A_retry_that_takes_over_a_direct_booking_whose_answer_was_lost_gets_its_code()
    {
        var body = new { placeId = _places["honcho"], start = MondayNine, cards = new[] { new { managementNumber = Taro, birthDate = TaroBirth } }, phone = "090-1234-5678" };
        using var first = await _app.PostJsonAsync("/api/v1/bookings", body, "lost-answer");
        var code = Code(await first.Content.ReadFromJsonAsync<JsonElement>());

        // The booking committed, then its process was killed before storing the answer (ADR 0015):
        // the answer stays unfinished until a retry, past UnfinishedAnswerSeconds (30 by default), takes it over.
        await using (var db = _app.Database.Open())
        {
            await db.IdempotentAnswers.ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, 0).SetProperty(a => a.Body, (string?)null));
        }

        _clock.Advance(TimeSpan.FromSeconds(new Madoguchi.Booking.BookingSettings().UnfinishedAnswerSeconds + 1));
        using var retry = await _app.PostJsonAsync("/api/v1/bookings", body, "lost-answer");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(code, Code(await retry.Content.ReadFromJsonAsync<JsonElement>()));
        await using var check = _app.Database.Open();
        Assert.Equal(1, await check.Bookings.CountAsync());
    }

    [Fact]
    public async Task A_retry_after_a_crash_gets_the_booking_its_first_attempt_made_though_the_slot_filled_meanwhile()
    {
        // Issue 13.6: the slot filling after the crash answered the retry 409 slot-full, and that answer was kept for the key.
        var body = new { placeId = _places["honcho"], start = MondayNine, cards = new[] { new { managementNumber = Taro, birthDate = TaroBirth } }, phone = "090-1234-5678" };
        using var first = await _app.PostJsonAsync("/api/v1/bookings", body, "crashed");
        var code = Code(await first.Content.ReadFromJsonAsync<JsonElement>());
        await using (var db = _app.Database.Open())
        {
            await db.IdempotentAnswers.ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, 0).SetProperty(a => a.Body, (string?)null));
        }

        // Meanwhile another citizen takes the slot's last seat (honcho has two).
        var other = new { placeId = _places["honcho"], start = MondayNine, cards = new[] { new { managementNumber = Hanako, birthDate = HanakoBirth } }, phone = "090-2222-3333" };
        using (var filled = await _app.PostJsonAsync("/api/v1/bookings", other))
        {
            Assert.Equal(HttpStatusCode.Created, filled.StatusCode);
        }

        _clock.Advance(TimeSpan.FromSeconds(new Madoguchi.Booking.BookingSettings().UnfinishedAnswerSeconds + 1));
        using var retry = await _app.PostJsonAsync("/api/v1/bookings", body, "crashed");
        using var again = await _app.PostJsonAsync("/api/v1/bookings", body, "crashed");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(code, Code(await retry.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(code, Code(await again.Content.ReadFromJsonAsync<JsonElement>()));
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_another_request_is_refused()
    {
        using var first = await _app.PostJsonAsync("/api/v1/bookings", new { placeId = _places["honcho"], start = MondayNine, cards = new[] { new { managementNumber = Taro, birthDate = TaroBirth } }, phone = "090-1234-5678" }, "same-key");
        using var other = await _app.PostJsonAsync("/api/v1/bookings", new { placeId = _places["honcho"], start = MondayNine, cards = new[] { new { managementNumber = Hanako, birthDate = HanakoBirth } }, phone = "090-9999-0000" }, "same-key");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("Idempotency-Key", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_range_outside_the_window_answers_an_empty_list_and_a_time_without_offset_is_japan_time()
    {
        Assert.Empty(await SlotsAsync("honcho", "2100-01-01", "2100-01-02"));

        using var hold = await _app.PostJsonAsync("/api/v1/holds", new { placeId = _places["honcho"], start = "2027-03-01T09:00:00", cards = new[] { new { managementNumber = Taro, birthDate = TaroBirth } } });

        Assert.Equal(HttpStatusCode.Created, hold.StatusCode);
    }

    [Fact]
    public async Task A_citizen_looks_up_the_booking_and_cancel_online_is_off_by_default()
    {
        using var booked = await _app.PostJsonAsync("/api/v1/bookings", new { placeId = _places["honcho"], start = MondayNine, cards = new[] { new { managementNumber = Taro, birthDate = TaroBirth } }, phone = "090-1234-5678" });
        var code = Code(await booked.Content.ReadFromJsonAsync<JsonElement>());

        using var found = await _app.PostJsonAsync("/api/v1/bookings/lookup", new { code = code.ToLowerInvariant().Replace("-", ""), managementNumber = Taro, birthDate = TaroBirth });
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var view = await found.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, view.GetProperty("code").GetString());
        Assert.Equal("***-****-5678", view.GetProperty("phone").GetString());

        using var cancel = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/bookings/{code}") { Content = JsonContent.Create(new { managementNumber = Taro, birthDate = TaroBirth }) };
        using var refused = await _app.Public.SendAsync(cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("0268-22-4100", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        using var response = await _app.Public.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/holds", out _));
        Assert.True(paths.TryGetProperty("/api/v1/places/{id}/slots", out _));
    }

    [Fact]
    public async Task No_public_answer_carries_the_ledgers_names_or_addresses()
    {
        var texts = new List<string>();
        foreach (var path in new[] { "/api/v1/places", $"/api/v1/places/{_places["honcho"]}/slots" })
        {
            texts.Add(await _app.Public.GetStringAsync(path));
        }

        using var booked = await _app.PostJsonAsync("/api/v1/bookings", new { placeId = _places["honcho"], start = MondayNine, cards = new[] { new { managementNumber = Taro, birthDate = TaroBirth } }, phone = "090-1234-5678" });
        texts.Add(await booked.Content.ReadAsStringAsync());
        using var found = await _app.PostJsonAsync("/api/v1/bookings/lookup", new { code = Code(JsonDocument.Parse(texts[^1]).RootElement), managementNumber = Taro, birthDate = TaroBirth });
        texts.Add(await found.Content.ReadAsStringAsync());

        Assert.All(texts, t => Assert.DoesNotContain("試験", t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("大手一丁目0番", t, StringComparison.Ordinal));
    }

    private async Task<JsonElement[]> SlotsAsync(string place, string from, string to)
    {
        using var response = await _app.Public.GetAsync($"/api/v1/places/{_places[place]}/slots?from={from}&to={to}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
    }

    private async Task<int> RemainingAsync(string place, DateTimeOffset start)
    {
        var day = start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var slots = await SlotsAsync(place, day, day);
        return slots.Single(s => DateTimeOffset.Parse(s.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture) == start).GetProperty("remaining").GetInt32();
    }

    private Task<HttpResponseMessage> HoldAsync(string place, DateTimeOffset start, params (string Number, string Birth)[] cards) =>
        _app.PostJsonAsync("/api/v1/holds", new { placeId = _places[place], start, cards = cards.Select(c => new { managementNumber = c.Number, birthDate = c.Birth }) });

    private async Task<Guid> HoldIdAsync(string place, DateTimeOffset start, params (string Number, string Birth)[] cards)
    {
        using var response = await HoldAsync(place, start, cards);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holdId").GetGuid();
    }

    private static async Task<string?> CodeOfAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        }
    }

    private static string Code(JsonElement booking) => booking.GetProperty("code").GetString()!;
}
