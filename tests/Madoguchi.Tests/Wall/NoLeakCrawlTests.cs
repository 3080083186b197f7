using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

using AngleSharp.Dom;
using AngleSharp.Html.Dom;

using Madoguchi.Ledger;
using Madoguchi.Staff;

namespace Madoguchi.Tests.Wall;

/// <summary>
/// The end-to-end half of the wall (R3): with a ledger of names and addresses that appear nowhere
/// else, a citizen's whole journey through the public zone (pages, API, error answers, headers,
/// redirects) is recorded, and not one answer may hold any of them. The same detector finds the
/// names on an office page, so it is known to work. Today is Monday 2027-02-22 10:00 in Ueda;
/// online cancel is on so that its answers are crawled too.
/// </summary>
public sealed partial class NoLeakCrawlTests : IAsyncLifetime
{
    private const string Family = "A1B-123456";
    private const string FamilyBirth = "1985-04-12";
    private const string Partner = "C2D-654321";
    private const string PartnerBirth = "1990-01-01";
    private const string Destroyed = "E3F-111111";
    private const string Issued = "G4H-222222";
    private const string NotReady = "J5K-333333";

    // Names and addresses chosen to appear on no public page: rare kanji that no message, place or
    // holiday uses. Each is looked for whole, without its spaces, and by its parts.
    private const string Csv = "管理番号,氏名,生年月日,性別,住所\r\n"
        + $"{Family},漏洩　確認子,{FamilyBirth},女,長野県上田市秘密町1-2-3\r\n"
        + $"{Partner},鏡石　梟太郎,{PartnerBirth},男,長野県上田市鵺ヶ丘九丁目8番7号\r\n"
        + $"{Destroyed},隠岐　鴫之介,2000-02-29,男,長野県上田市鶺鴒台四丁目5番6号\r\n"
        + $"{Issued},門外　不出美,1970-07-07,女,長野県上田市鸚鵡町7-7\r\n"
        + $"{NotReady},霧隠　朧子,1999-09-09,女,長野県上田市鶚野9番9号\r\n";

    private static readonly string[] DistinctiveWords = ["秘密町", "鵺ヶ丘", "鶺鴒台", "鸚鵡町", "鶚野"];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private readonly Recorder _recorder = new();
    private MadoguchiApp _app = null!;
    private HttpClient _citizen = null!;
    private List<string> _needles = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Madoguchi:Booking:RequestsPerMinute"] = "100000",
            ["Madoguchi:Booking:OnlineCancel"] = "true",
        });
        await using var db = _app.Database.Open();
        await using (var file = new MemoryStream(Encoding.UTF8.GetBytes(Csv)))
        {
            Assert.Equal(5, (await new ImportLedgerFile(db, _clock, TestAudit.Trail(_clock)).RunAsync(file, "leak-check.csv", new LedgerImportOptions("test"))).Imported);
        }

        await db.LedgerEntries.Where(e => e.ManagementNumber == Destroyed).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, CardStatus.Destroyed));
        await db.LedgerEntries.Where(e => e.ManagementNumber == Issued).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, CardStatus.Issued));
        await db.LedgerEntries.Where(e => e.ManagementNumber == NotReady).ExecuteUpdateAsync(s => s.SetProperty(e => e.ArrivedOn, new DateOnly(2027, 3, 15)));

        // The needles are what the ledger holds, as the import stored it.
        var stored = await db.LedgerEntries.AsNoTracking().Select(e => new { e.Name, e.Address }).ToListAsync();
        _needles = stored.SelectMany(e => NeedlesOf(e.Name, e.Address)).Concat(DistinctiveWords).Distinct().ToList();
        _citizen = new HttpClient(new Recorder.Handler(_recorder) { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true } })
        {
            BaseAddress = _app.PublicUrl,
        };
    }

    public async Task DisposeAsync()
    {
        _citizen.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task No_public_answer_holds_a_name_or_an_address_from_the_ledger()
    {
        await BrowseAsync(["/", "/book", "/booking", "/openapi/v1.json", "/assets/site.css", "/assets/print.js", "/healthz"], limit: 40);
        var code = await BookThroughThePagesAsync();
        await RefusedCardsOnThePagesAsync();
        await LookUpOnThePagesAsync(code);
        await UseTheApiAsync();
        await ErrorAnswersAsync();
        await CancelOnThePagesAsync(code);

        // The journey really happened: booked, looked up, refused, cancelled.
        var answers = _recorder.Answers.ToList();
        Assert.True(answers.Count > 100, $"only {answers.Count} answers were recorded");
        Assert.Contains(answers, a => a.Path.StartsWith("/book/done", StringComparison.Ordinal) && a.Status == 200 && a.Body.Contains(code, StringComparison.Ordinal));
        Assert.Contains(answers, a => a.Path.StartsWith("/book/ics", StringComparison.Ordinal) && a.Body.Contains("BEGIN:VCALENDAR", StringComparison.Ordinal));
        Assert.Contains(answers, a => a.Body.Contains("card-destroyed", StringComparison.Ordinal));
        Assert.Contains(answers, a => a.Body.Contains("card-already-booked", StringComparison.Ordinal));
        Assert.Contains(answers, a => a.Status == 405);
        Assert.Contains(answers, a => a.Status == 404);
        Assert.Contains(answers, a => a.Path == "/booking?handler=Cancel" && a.Body.Contains("予約を取り消しました", StringComparison.Ordinal));

        var leaks = answers.SelectMany(a => Leaks(a.Text).Select(n => $"{a.Method} {a.Path} ({a.Status}): {n}")).ToList();
        Assert.True(leaks.Count == 0, "Personal data in public answers:\n" + string.Join("\n", leaks.Take(20)));
    }

    [Fact]
    public async Task The_detector_finds_the_same_names_on_an_office_page()
    {
        var clerk = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());

        var page = await clerk.GetStringAsync($"/office/ledger/search?number={Family}");

        Assert.Contains("漏洩　確認子", Leaks(page));
        Assert.Contains("秘密町", Leaks(page));
        // And in an encoded form, as a JSON or URL answer would carry it.
        Assert.NotEmpty(Leaks(JsonSerializer.Serialize("鏡石　梟太郎")));
        Assert.NotEmpty(Leaks(Uri.EscapeDataString("長野県上田市鵺ヶ丘九丁目8番7号")));
        Assert.NotEmpty(Leaks("&#x6F0F;&#x6D29;"));
    }

    private async Task<string> BookThroughThePagesAsync()
    {
        var start = await PageAsync("/book");
        using var cards = await SubmitAsync(start, start.QuerySelector("main form")!, new()
        {
            ["Cards[0].ManagementNumber"] = Family,
            ["Cards[0].BirthDate"] = "昭和60年4月12日",
            ["Cards[1].ManagementNumber"] = Partner,
            ["Cards[1].BirthDate"] = PartnerBirth,
        });
        Assert.Equal(HttpStatusCode.Redirect, cards.StatusCode);
        var placePath = cards.Headers.Location!.ToString();
        await BrowseAsync([placePath], limit: 120);

        var places = await PageAsync(placePath);
        var calendar = await PageAsync(places.QuerySelectorAll("a.choice").First(a => a.TextContent.Contains("本庁舎", StringComparison.Ordinal)).GetAttribute("href")!);
        var march = await PageAsync(calendar.QuerySelectorAll(".month-nav a").Single(a => a.TextContent.Contains("次の月", StringComparison.Ordinal)).GetAttribute("href")!);
        var first = march.QuerySelectorAll("td.day a").First(a => a.QuerySelector(".date")!.TextContent == "1");
        var times = await PageAsync(first.GetAttribute("href")!);
        using var held = await SubmitAsync(times, times.QuerySelectorAll("ul.times form").First(f => f.TextContent.Contains("9:00〜9:15", StringComparison.Ordinal)), []);
        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);

        var confirm = await PageAsync(held.Headers.Location!.ToString());
        using var wrongPhone = await SubmitAsync(confirm, confirm.QuerySelector("main form.stack")!, new() { ["phone"] = "12", ["email"] = "not-an-address" });
        using var done = await SubmitAsync(confirm, confirm.QuerySelector("main form.stack")!, new() { ["phone"] = "090 1234 5678", ["email"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var donePath = done.Headers.Location!.ToString();
        var page = await PageAsync(donePath);
        await BrowseAsync([donePath], limit: 5);
        return page.QuerySelector("#booking-code")!.TextContent.Trim();
    }

    private async Task RefusedCardsOnThePagesAsync()
    {
        foreach (var (number, birth) in new[]
        {
            (Destroyed, "2000-02-29"), (Issued, "1970-07-07"), (NotReady, "1999-09-09"), (Family, FamilyBirth),
            (Partner, "1990-01-02"), ("ZZZ", "1990-01-01"), (Partner, "9999-99-99"),
        })
        {
            var start = await PageAsync("/book");
            using var _ = await SubmitAsync(start, start.QuerySelector("main form")!, new() { ["Cards[0].ManagementNumber"] = number, ["Cards[0].BirthDate"] = birth });
        }
    }

    private async Task LookUpOnThePagesAsync(string code)
    {
        foreach (var (number, birth) in new[] { (Family, FamilyBirth), (Family, "1985-04-13"), (Partner, PartnerBirth), (Destroyed, "2000-02-29") })
        {
            var form = await PageAsync("/booking");
            using var found = await SubmitAsync(form, form.QuerySelector("main form")!, new() { ["code"] = code, ["number"] = number, ["birth"] = birth });
        }

        var again = await PageAsync("/booking");
        using var wrongCode = await SubmitAsync(again, again.QuerySelector("main form")!, new() { ["code"] = "0000-0000", ["number"] = Family, ["birth"] = FamilyBirth });
    }

    private async Task CancelOnThePagesAsync(string code)
    {
        var form = await PageAsync("/booking");
        using var found = await SubmitAsync(form, form.QuerySelector("main form")!, new() { ["code"] = code, ["number"] = Family, ["birth"] = FamilyBirth });
        var shown = await MadoguchiApp.ParseAsync(found);
        var cancel = shown.QuerySelector("form[action*='handler=Cancel']")!;
        using var wrong = await SubmitAsync(shown, cancel, new() { ["birth"] = "1985-04-13" });
        using var asked = await SubmitAsync(shown, cancel, []);
        var question = await MadoguchiApp.ParseAsync(asked);
        using var cancelled = await SubmitAsync(question, question.QuerySelector("#cancel-confirm form[action*='handler=Cancel']")!, []);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
    }

    private async Task UseTheApiAsync()
    {
        var monday = "2027-03-02T10:00:00+09:00";
        var places = await _citizen.GetFromJsonAsync<JsonElement>("/api/v1/places");
        foreach (var place in places.EnumerateArray())
        {
            using var slots = await _citizen.GetAsync($"/api/v1/places/{place.GetProperty("id").GetInt32()}/slots?from=2027-02-22&to=2027-03-24");
        }

        using var hold = await PostJsonAsync("/api/v1/holds", new { placeId = 1, start = monday, cards = new[] { new { managementNumber = NotReady, birthDate = "1999-09-09" } } });
        foreach (var (number, birth) in new[] { (Destroyed, "2000-02-29"), (Issued, "1970-07-07"), (Family, FamilyBirth), (Partner, "1990-01-02"), ("A1B", "x") })
        {
            using var refused = await PostJsonAsync("/api/v1/holds", new { placeId = 1, start = monday, cards = new[] { new { managementNumber = number, birthDate = birth } } });
        }

        using var booked = await PostJsonAsync("/api/v1/bookings", new { placeId = 1, start = monday, cards = new[] { new { managementNumber = Partner, birthDate = PartnerBirth } }, phone = "0268-22-4100" });
        using var direct = await PostJsonAsync("/api/v1/bookings", new { placeId = 4, start = "2027-03-03T09:00:00+09:00", cards = new[] { new { managementNumber = NotReady, birthDate = "1999-09-09" } }, phone = "0268-22-4100" }, "retry-1");
        using var retried = await PostJsonAsync("/api/v1/bookings", new { placeId = 4, start = "2027-03-03T09:00:00+09:00", cards = new[] { new { managementNumber = NotReady, birthDate = "1999-09-09" } }, phone = "0268-22-4100" }, "retry-1");
        using var expired = await PostJsonAsync("/api/v1/bookings", new { holdId = Guid.NewGuid(), phone = "0268-22-4100" });
        foreach (var (number, birth) in new[] { (Family, FamilyBirth), (Family, "1985-04-13"), (Destroyed, "2000-02-29") })
        {
            using var lookup = await PostJsonAsync("/api/v1/bookings/lookup", new { code = "0000-0000", managementNumber = number, birthDate = birth });
        }

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/bookings/0000-0000") { Content = JsonContent.Create(new { managementNumber = Family, birthDate = "1985-04-13" }) };
        using var deleted = await _citizen.SendAsync(delete);
    }

    private async Task ErrorAnswersAsync()
    {
        foreach (var (path, body) in new[]
        {
            ("/api/v1/holds", "{not json"), ("/api/v1/bookings", "[1,2"), ("/api/v1/bookings/lookup", "null"),
            ("/api/v1/holds", """{"placeId":"honcho","start":5,"cards":"A1B-123456"}"""), ("/api/v1/bookings", ""),
        })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var bad = await _citizen.PostAsync(path, content);
        }

        foreach (var path in new[]
        {
            "/api/v1/holds", "/api/v1/bookings", "/api/v1/bookings/lookup", "/nope", "/api/v1/nope", "/api/v1/places/999/slots",
            "/api/v1/places/1/slots?from=9999-99-99", "/book/done?ticket=forged", "/book/ics?ticket=forged", "/book/place?pass=forged",
            $"/office/ledger/search?number={Family}", "/office/counter", "/office/", "/office/signin",
        })
        {
            using var answer = await _citizen.GetAsync(path);
        }

        using var put = await _citizen.PutAsync("/api/v1/bookings", JsonContent.Create(new { }));
        using var patch = await _citizen.PatchAsync("/api/v1/places", JsonContent.Create(new { }));
        using var options = await _citizen.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/v1/bookings"));
        using var postPlaces = await _citizen.PostAsync("/api/v1/places", JsonContent.Create(new { }));
        using var noToken = await _citizen.PostAsync("/book", new FormUrlEncodedContent(new Dictionary<string, string> { ["Cards[0].ManagementNumber"] = Family, ["Cards[0].BirthDate"] = FamilyBirth }));
    }

    /// <summary>Follows every same-site link from the given pages, breadth first, up to a bound.</summary>
    private async Task BrowseAsync(IEnumerable<string> from, int limit)
    {
        var queue = new Queue<string>(from);
        var seen = new HashSet<string>(queue, StringComparer.Ordinal);
        var visited = 0;
        while (queue.Count > 0 && visited < limit)
        {
            var path = queue.Dequeue();
            visited++;
            using var response = await _citizen.GetAsync(path);
            var next = new List<string>();
            if (response.Headers.Location is { } location)
            {
                next.Add(location.ToString());
            }
            else if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                var page = await MadoguchiApp.ParseAsync(response);
                next.AddRange(page.QuerySelectorAll("a[href], link[href], script[src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!));
            }

            foreach (var link in next.Where(l => l.StartsWith('/') && !l.StartsWith("//", StringComparison.Ordinal)).Select(l => l.Split('#')[0]))
            {
                if (seen.Add(link))
                {
                    queue.Enqueue(link);
                }
            }
        }
    }

    private async Task<IHtmlDocument> PageAsync(string path)
    {
        using var response = await _citizen.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await MadoguchiApp.ParseAsync(response);
    }

    /// <summary>Posts a form as a browser does: every named input, the given values over them.</summary>
    private async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, IElement form, Dictionary<string, string> values)
    {
        var fields = form.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (key, value) in values)
        {
            fields[key] = value;
        }

        var action = form.GetAttribute("action");
        using var content = new FormUrlEncodedContent(fields);
        return await _citizen.PostAsync(string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action, content);
    }

    private async Task<HttpResponseMessage> PostJsonAsync(string path, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await _citizen.SendAsync(request);
    }

    /// <summary>The needles found in an answer, read as it is and as HTML, JSON and URL decoding would show it.</summary>
    private List<string> Leaks(string text)
    {
        var readings = new List<string> { text, System.Net.WebUtility.HtmlDecode(text), JsonEscape().Replace(text, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString()) };
        try
        {
            readings.Add(Uri.UnescapeDataString(text));
        }
        catch (UriFormatException)
        {
        }

        return _needles.Where(n => readings.Any(r => r.Contains(n, StringComparison.Ordinal))).ToList();
    }

    /// <summary>A name whole, without its spaces, and by its parts; an address whole and after the city's name, which every public address shares.</summary>
    private static IEnumerable<string> NeedlesOf(string name, string address)
    {
        yield return name;
        yield return name.Replace("　", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        foreach (var part in name.Split(['　', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            yield return part;
        }

        yield return address;
        var city = address.IndexOf("上田市", StringComparison.Ordinal);
        Assert.True(city >= 0, address);
        yield return address[(city + 3)..];
    }

    [GeneratedRegex(@"\\u([0-9a-fA-F]{4})")]
    private static partial Regex JsonEscape();

    private sealed record Answer(string Method, string Path, int Status, string Headers, string Body)
    {
        public string Text => $"{Status}\n{Headers}\n\n{Body}";
    }

    /// <summary>Every answer the citizen's browser received: status, headers and body.</summary>
    private sealed class Recorder
    {
        public ConcurrentQueue<Answer> Answers { get; } = new();

        public sealed class Handler(Recorder recorder) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));
                recorder.Answers.Enqueue(new Answer(request.Method.Method, request.RequestUri!.PathAndQuery, (int)response.StatusCode, headers, body));
                return response;
            }
        }
    }
}
