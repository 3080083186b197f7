using System.Text.Json;

namespace Madoguchi.Tests.Hardening;

/// <summary>
/// Malformed and hostile input at every public endpoint and form, over loopback, a bounded number
/// of requests (about two thousand). No answer may be a server error or show a stack trace or SQL,
/// no hostile HTML may come back unescaped, and nothing may be stored: no hold, booking or
/// tombstone, the ledger unchanged. Every request keeps one thing that makes it fail even if a
/// hostile value slipped through (a start outside the booking window, or an unknown hold), so
/// anything stored would be a hole. The clock stands on Monday 2027-02-22 10:00 in Ueda.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    // A card that is only ever sent with its right date of birth, so it never gets locked and
    // every request gets past the card check to the field under attack.
    private const string Card = "A1B-123456";
    private const string Birth = "1985-04-12";

    // A second card for hostile dates of birth: it gets locked after five, which is fine.
    private const string Target = "C2D-654321";

    // Monday 2030-03-04 is far outside the 30-day window: no request built on it can take a seat.
    private const string OutsideWindow = "2030-03-04T09:00:00+09:00";

    private static readonly string[] HostileText =
    [
        new string('あ', 100_000),
        new string('9', 100_000),
        "\u0000\u0001\u0002\u001b[31m\u007f",
        "\r\n\r\nSet-Cookie: madoguchi=1",
        "\t",
        "'; DROP TABLE bookings; --",
        "' OR '1'='1",
        "1; DELETE FROM slots",
        "A1B-123456' --",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "{{7*7}}${7*7}",
        "../../../../etc/passwd",
        "9999-99-99",
        "0000-00-00",
        "9999-12-31T23:59:59-14:00",
        "9999-12-31",
        "0001-01-01",
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+14:00",
        "-0001-01-01",
        "2027-02-30",
        "昭和999年99月99日",
        "R99.99.99",
        "-1",
        "0",
        "2147483648",
        "-2147483649",
        "99999999999999999999999999",
        "1e308",
        "NaN",
        "\uD800",
        "\uFFFF\uFEFF",
        "\u202Eevil",
        "０９０－１２３４－５６７８０００",
        "%00%FF%C3%28",
    ];

    private static readonly string[] HostileJson =
    [
        "-1", "0", "2147483648", "-9223372036854775809", "1e308", "-1e308", "1.5", "true", "false", "null", "[]", "{}", "[1,2,3]",
        "{\"a\":{\"b\":{\"c\":[]}}}", new string('[', 2000) + new string(']', 2000), "\"\"",
    ];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private readonly List<string> _problems = [];
    private MadoguchiApp _app = null!;
    private int _requests;
    private string _ledgerBefore = "";

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Madoguchi:Booking:RequestsPerMinute"] = "1000000",
            ["Madoguchi:Booking:OnlineCancel"] = "true",
        });
        await _app.ImportCardsAsync(_clock, (Card, Birth), (Target, "1990-01-01"));
        _ledgerBefore = await LedgerAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Hostile_input_at_every_public_endpoint_and_form_gets_a_plain_refusal_and_stores_nothing()
    {
        // A real pass and the forms' antiforgery tokens, as a browser holds them; the token is reused for every post.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = _app.PublicUrl };
        using var started = await MadoguchiApp.PostFormAsync(browser, "/book", new() { ["Cards[0].ManagementNumber"] = Card, ["Cards[0].BirthDate"] = Birth });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var pass = Uri.UnescapeDataString(started.Headers.Location!.ToString().Split("pass=")[1]);
        var token = (await _app.PageAsync(browser, "/book")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        await AttackTheApiAsync();
        await AttackTheFormsAsync(browser, pass, token);
        await AttackTheQueriesAsync(pass);

        Assert.True(_requests > 1000, $"only {_requests} requests were sent");
        Assert.True(_problems.Count == 0, $"{_problems.Count} bad answers:\n" + string.Join("\n", _problems.Take(100)));
        await using (var db = _app.Database.Open())
        {
            Assert.Equal(0, await db.Holds.CountAsync());
            Assert.Equal(0, await db.HoldCards.CountAsync());
            Assert.Equal(0, await db.Bookings.CountAsync());
            Assert.Equal(0, await db.BookedCards.CountAsync());
            Assert.Equal(0, await db.BookingTombstones.CountAsync());
            Assert.Equal(0, await db.Slots.SumAsync(s => s.Taken));
        }

        Assert.Equal(_ledgerBefore, await LedgerAsync());

        // The process is still whole: the same card books normally afterwards.
        using var booked = await _app.PostJsonAsync("/api/v1/bookings", new { placeId = 1, start = "2027-03-01T09:00:00+09:00", cards = new[] { new { managementNumber = Card, birthDate = Birth } }, phone = "090-1234-5678" });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
    }

    private async Task AttackTheApiAsync()
    {
        // Each hostile value as a raw JSON fragment, put in one field at a time of an otherwise sound request.
        var card = $"[{{\"managementNumber\":\"{Card}\",\"birthDate\":\"{Birth}\"}}]";
        var start = $"\"{OutsideWindow}\"";
        foreach (var v in HostileText.Select(t => JsonSerializer.Serialize(t)).Concat(HostileJson))
        {
            await PostJsonAsync("/api/v1/holds", $"{{\"placeId\":{v},\"start\":{start},\"cards\":{card}}}");
            await PostJsonAsync("/api/v1/holds", $"{{\"placeId\":1,\"start\":{v},\"cards\":{card}}}");
            await PostJsonAsync("/api/v1/holds", $"{{\"placeId\":1,\"start\":{start},\"cards\":{v}}}");
            await PostJsonAsync("/api/v1/holds", $"{{\"placeId\":1,\"start\":{start},\"cards\":[{v}]}}");
            await PostJsonAsync("/api/v1/holds", $"{{\"placeId\":1,\"start\":{start},\"cards\":[{{\"managementNumber\":{v},\"birthDate\":\"{Birth}\"}}]}}");
            await PostJsonAsync("/api/v1/holds", $"{{\"placeId\":1,\"start\":{start},\"cards\":[{{\"managementNumber\":\"{Target}\",\"birthDate\":{v}}}]}}");

            var fields = new Dictionary<string, string> { ["placeId"] = "1", ["start"] = start, ["cards"] = card, ["phone"] = "\"090-1234-5678\"" };
            foreach (var field in new[] { "holdId", "placeId", "start", "cards", "phone", "email" })
            {
                var attack = new Dictionary<string, string>(fields) { [field] = v };
                await PostJsonAsync("/api/v1/bookings", "{" + string.Join(",", attack.Select(f => $"\"{f.Key}\":{f.Value}")) + "}");
            }

            foreach (var field in new[] { "code", "managementNumber", "birthDate" })
            {
                var lookup = new Dictionary<string, string> { ["code"] = "\"0000-0000\"", ["managementNumber"] = $"\"{Card}\"", ["birthDate"] = $"\"{Birth}\"" };
                lookup[field] = v;
                var json = "{" + string.Join(",", lookup.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
                await PostJsonAsync("/api/v1/bookings/lookup", json);
                await SendAsync(HttpMethod.Delete, "/api/v1/bookings/0000-0000", JsonContent(json));
            }

            await PostJsonAsync("/api/v1/bookings", v);
            await PostJsonAsync("/api/v1/holds", v);
        }

        foreach (var body in BrokenBodies())
        {
            foreach (var path in new[] { "/api/v1/holds", "/api/v1/bookings", "/api/v1/bookings/lookup" })
            {
                await SendAsync(HttpMethod.Post, path, Bytes(body, "application/json"));
            }
        }

        foreach (var value in HostileText.Where(v => v.Length < 1000))
        {
            await SendAsync(HttpMethod.Post, "/api/v1/bookings", JsonContent("{\"placeId\":1}"), ("Idempotency-Key", value));
            await SendAsync(HttpMethod.Post, "/api/v1/holds", Bytes(Encoding.UTF8.GetBytes("{}"), value));
        }

        await SendAsync(HttpMethod.Post, "/api/v1/bookings", JsonContent("{\"placeId\":1}"), ("Idempotency-Key", new string('k', 100_000)));
    }

    private async Task AttackTheFormsAsync(HttpClient browser, string pass, string token)
    {
        async Task PostFormAsync(string path, params (string Key, string Value)[] fields) =>
            await SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]), client: browser);

        foreach (var value in HostileText)
        {
            await PostFormAsync("/book", ("Cards[0].ManagementNumber", value), ("Cards[0].BirthDate", Birth));
            await PostFormAsync("/book", ("Cards[0].ManagementNumber", Target), ("Cards[0].BirthDate", value));
            await PostFormAsync("/book", ("Cards[0].ManagementNumber", Card), ("Cards[0].BirthDate", Birth), ("Cards[1].ManagementNumber", value), ("Cards[1].BirthDate", value));
            await PostFormAsync("/book/times?handler=Hold", ("pass", pass), ("place", value), ("start", OutsideWindow));
            await PostFormAsync("/book/times?handler=Hold", ("pass", pass), ("place", "1"), ("start", value));
            await PostFormAsync("/book/times?handler=Hold", ("pass", value), ("place", "1"), ("start", OutsideWindow));
            await PostFormAsync("/book/confirm", ("pass", pass), ("hold", value), ("phone", "090-1234-5678"));
            await PostFormAsync("/book/confirm", ("pass", pass), ("hold", Guid.NewGuid().ToString()), ("phone", value), ("email", value));
            await PostFormAsync("/booking", ("code", value), ("number", Card), ("birth", Birth));
            await PostFormAsync("/booking", ("code", "0000-0000"), ("number", value), ("birth", value));
            await PostFormAsync("/booking?handler=Cancel", ("code", value), ("number", Card), ("birth", Birth), ("confirm", "yes"));
            await PostFormAsync("/booking?handler=Cancel", ("code", "0000-0000"), ("number", Target), ("birth", value), ("confirm", "yes"));
        }

        // Odd field names and shapes: indexes out of range, repeated fields, no token, a wrong token.
        await PostFormAsync("/book", ("Cards[-1].ManagementNumber", Card), ("Cards[-1].BirthDate", Birth));
        await PostFormAsync("/book", ("Cards[2147483648].ManagementNumber", Card));
        await PostFormAsync("/book", ("Cards[99999].ManagementNumber", Card), ("Cards[99999].BirthDate", Birth));
        await PostFormAsync("/book", [.. Enumerable.Range(0, 50).Select(i => ($"Cards[{i}].ManagementNumber", Card))]);
        await PostFormAsync("/book", ("Cards", "x"), ("Cards[0]", "x"), ("Cards[0].ManagementNumber", Card), ("Cards[0].ManagementNumber", Target));
        await SendAsync(HttpMethod.Post, "/book", new FormUrlEncodedContent([new("Cards[0].ManagementNumber", Card), new("Cards[0].BirthDate", Birth)]), client: browser);
        await SendAsync(HttpMethod.Post, "/booking", new FormUrlEncodedContent([new("__RequestVerificationToken", "forged"), new("code", "0000-0000")]), client: browser);

        foreach (var body in BrokenBodies())
        {
            var form = Encoding.ASCII.GetBytes($"__RequestVerificationToken={Uri.EscapeDataString(token)}&Cards[0].ManagementNumber=").Concat(body).Concat(Encoding.ASCII.GetBytes($"&Cards[0].BirthDate={Birth}")).ToArray();
            foreach (var path in new[] { "/book", "/booking", "/book/confirm", "/book/times?handler=Hold" })
            {
                await SendAsync(HttpMethod.Post, path, Bytes(form, "application/x-www-form-urlencoded"), client: browser);
                await SendAsync(HttpMethod.Post, path, Bytes(body, "multipart/form-data; boundary=x"), client: browser);
            }
        }
    }

    private async Task AttackTheQueriesAsync(string pass)
    {
        var p = Uri.EscapeDataString(pass);
        foreach (var value in HostileText.Where(v => v.Length < 1000).Append(new string('q', 100_000)))
        {
            var q = Uri.EscapeDataString(value);
            foreach (var path in new[]
            {
                $"/api/v1/places/1/slots?from={q}&to=2027-03-01", $"/api/v1/places/1/slots?from=2027-03-01&to={q}", $"/api/v1/places/{q}/slots",
                $"/book/place?pass={q}", $"/book/calendar?pass={q}&place=1", $"/book/calendar?pass=x&place={q}&month={q}",
                $"/book/times?pass={q}&place={q}&date={q}", $"/book/confirm?pass={q}&hold={q}", $"/book/done?ticket={q}", $"/book/ics?ticket={q}",
                $"/book?expired={q}", $"/booking?code={q}", $"/assets/{q}", $"/{q}",
                $"/book/calendar?pass={p}&place={q}", $"/book/calendar?pass={p}&place=1&month={q}", $"/book/times?pass={p}&place=1&date={q}",
                $"/book/times?pass={p}&place={q}&date=2027-03-01", $"/book/confirm?pass={p}&hold={q}",
            })
            {
                await SendAsync(HttpMethod.Get, path);
            }

            await SendAsync(HttpMethod.Delete, $"/api/v1/bookings/{q}", JsonContent("{}"));
        }

        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Options, HttpMethod.Trace, new HttpMethod("PROPFIND") })
        {
            foreach (var path in new[] { "/api/v1/places", "/api/v1/holds", "/api/v1/bookings", "/book", "/booking" })
            {
                await SendAsync(method, path, JsonContent("{}"));
            }
        }
    }

    /// <summary>Bodies that are not what they claim: invalid UTF-8, truncated, NUL bytes, a byte-order mark, deep nesting.</summary>
    private static IEnumerable<byte[]> BrokenBodies()
    {
        yield return [0xC3, 0x28];
        yield return [0xFF, 0xFE, 0xFD];
        yield return [.. Encoding.ASCII.GetBytes("{\"phone\":\""), 0xED, 0xA0, 0x80, .. Encoding.ASCII.GetBytes("\"}")];
        yield return [.. Encoding.ASCII.GetBytes("{\"cards\":[{\"managementNumber\":\""), 0xC0, 0xAF, .. Encoding.ASCII.GetBytes("\"}]}")];
        yield return [0x00, 0x00, 0x00];
        yield return [0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes("{\"placeId\":1}")];
        yield return Encoding.ASCII.GetBytes("{\"placeId\":1,");
        yield return Encoding.ASCII.GetBytes(new string('{', 5000));
        yield return [];
    }

    private async Task PostJsonAsync(string path, string json) =>
        await SendAsync(HttpMethod.Post, path, JsonContent(json));

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>Sends one request and notes what is wrong with its answer.</summary>
    private async Task SendAsync(HttpMethod method, string path, HttpContent? content = null, (string Name, string Value)? header = null, HttpClient? client = null)
    {
        _requests++;
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (header is { } h)
        {
            request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }

        HttpResponseMessage response;
        try
        {
            response = await (client ?? _app.Public).SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // The client itself refused to send it (a header it will not write): nothing reached the server.
            return;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var sent = request.Content is null ? "" : Shorten(Encoding.UTF8.GetString(await request.Content.ReadAsByteArrayAsync()));
            var what = $"{method} {Shorten(path)} {sent}";
            if ((int)response.StatusCode >= 500)
            {
                _problems.Add($"{what}: {(int)response.StatusCode}");
            }

            foreach (var marker in new[]
            {
                "Exception", "   at ", ".cs:line", "StackTrace", "SQLite Error", "SqliteException", "Npgsql", "PostgresException",
                "syntax error", "Microsoft.EntityFrameworkCore", "INSERT INTO", "ON CONFLICT", "UPDATE slots", "<script>alert(1)", "<img src=x",
            })
            {
                if (body.Contains(marker, StringComparison.Ordinal) || string.Join("\n", response.Headers.Concat(response.Content.Headers).SelectMany(x => x.Value)).Contains(marker, StringComparison.Ordinal))
                {
                    _problems.Add($"{what}: answer shows \"{marker}\"");
                }
            }

            if (response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("madoguchi=1", StringComparison.Ordinal)))
            {
                _problems.Add($"{what}: a header was injected");
            }
        }
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..60] + "…" + text[^60..] : text;

    private async Task<string> LedgerAsync()
    {
        await using var db = _app.Database.Open();
        var rows = await db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        return string.Join("\n", rows.Select(e => $"{e.ManagementNumber}|{e.Name}|{e.BirthDate}|{e.Address}|{e.Status}"));
    }
}
