using System.Collections.Concurrent;
using System.Net.Http.Json;

using Npgsql;

using Xunit.Abstractions;

namespace Madoguchi.Tests.Faults;

/// <summary>
/// PostgreSQL is restarted (stopped "fast", as an operator or a failover does, then started) while
/// citizens book and look up. Requests caught by the restart must fail cleanly: 503 with
/// Retry-After and a Japanese message (problem+json for the API, a page for pages), never a 500 or
/// a dropped connection. When PostgreSQL is back, the same web process serves again by itself.
/// The cluster is the test's own: restarting the shared one would break the other tests.
/// </summary>
[Trait("Category", "Faults")]
public sealed class PostgresRestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly ConcurrentBag<Answer> _answers = [];
    private PostgresCluster? _cluster;

    [SkippableFact]
    public async Task Requests_during_a_restart_get_503_in_Japanese_and_the_service_recovers_by_itself()
    {
        var bin = PostgresCluster.Binaries();
        if (bin is null)
        {
            Assert.False(PostgresServer.InCi, "PostgreSQL's binaries are required under CI=true.");
            Skip.If(true, "PostgreSQL is not installed here (apt-get install postgresql).");
        }

        _cluster = PostgresCluster.Start(bin!);
        var database = new DatabaseSettings(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(_cluster.ConnectionString) { Database = "madoguchi" }.ConnectionString);
        await using (var admin = new NpgsqlConnection(_cluster.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE madoguchi", admin);
            await create.ExecuteNonQueryAsync();
        }

        await database.MigrateAsync();
        var citizens = await Citizens.ImportAsync(database, 400, 'R');
        await using var web = await WebProcess.StartAsync(database, "all", FaultSettings.Web);
        var (placeId, slots) = await Citizens.FreeSlotsAsync(web.Public, 20);
        var page = await LookUpPage.OpenAsync(web.PublicUrl);

        // Load from six citizens at a time: holds and bookings, look-ups, the place list, and the look-up page.
        using var stop = new CancellationTokenSource();
        var next = -1;
        var load = Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                await RequestAsync(web, page, i % 4, citizens[i % citizens.Count], placeId, slots[i % slots.Count].Start);
            }
        })));

        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = _answers.Count;
        _cluster.StopServer("fast");
        var stoppedAt = _answers.Count;
        // Down long enough that requests certainly arrive while it is away.
        await Task.Delay(TimeSpan.FromSeconds(2));
        _cluster.StartServer();
        var startedAt = _answers.Count;

        // Back: the same process must serve again by itself, within a minute at most.
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline && !_answers.Skip(0).Any(a => a.Order > startedAt && a.Ok))
        {
            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await load;
        var answers = _answers.OrderBy(a => a.Order).ToList();
        output.WriteLine($"Answers: {answers.Count} ({before} before the stop, {startedAt - stoppedAt} while down); 503: {answers.Count(a => a.Status == 503)}.");

        Assert.True(before > 0, "No load ran before the restart.");
        Assert.All(answers, a => Assert.True(a.Clean, a.ToString()));
        Assert.Contains(answers, a => a.Status == 503 && a.Kind == "api");
        Assert.Contains(answers, a => a.Status == 503 && a.Kind == "page");

        // After recovery every kind of request succeeds again, in a row.
        for (var kind = 0; kind < 4; kind++)
        {
            for (var i = 0; i < 5; i++)
            {
                var n = Interlocked.Increment(ref next);
                var answer = await RequestAsync(web, page, kind, citizens[n % citizens.Count], placeId, slots[n % slots.Count].Start);
                Assert.True(answer.Ok, $"After the restart: {answer}");
            }
        }

        // The test's own pooled connections died with the restart too; the check starts afresh.
        NpgsqlConnection.ClearAllPools();
        await Citizens.AssertSeatsAddUpAsync(database);
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        _cluster?.Dispose();
    }

    private async Task<Answer> RequestAsync(WebProcess web, LookUpPage page, int kind, Citizen citizen, int placeId, DateTimeOffset start)
    {
        var order = _answers.Count;
        Answer answer;
        try
        {
            answer = kind switch
            {
                0 => await BookAsync(web, citizen, placeId, start, order),
                1 => await ApiAsync(SendAsync(web.Public, "/api/v1/bookings/lookup", JsonContent.Create(new { code = "ABCD2345", managementNumber = citizen.Card, birthDate = Citizens.BirthDate }), citizen.Address), order),
                2 => await ApiAsync(web.Public.GetAsync("/api/v1/places"), order),
                _ => await page.PostAsync(order, citizen.Address),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            answer = new Answer(order, "transport", 0, null, null, e.GetType().Name + ": " + e.Message);
        }

        _answers.Add(answer);
        return answer;
    }

    private static async Task<Answer> BookAsync(WebProcess web, Citizen citizen, int placeId, DateTimeOffset start, int order)
    {
        var card = new[] { new { managementNumber = citizen.Card, birthDate = Citizens.BirthDate } };
        using var hold = await SendAsync(web.Public, "/api/v1/holds", JsonContent.Create(new { placeId, start, cards = card }), citizen.Address);
        if (hold.StatusCode != HttpStatusCode.Created)
        {
            return await Answer.FromAsync(order, "api", hold);
        }

        var holdId = (await hold.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("holdId").GetGuid();
        using var booking = await SendAsync(web.Public, "/api/v1/bookings", JsonContent.Create(new { holdId, phone = "090-1234-5678" }), citizen.Address);
        return await Answer.FromAsync(order, "api", booking);
    }

    /// <summary>Each citizen from an address of their own (through the trusted proxy), so the per-address throttle stays out of the way.</summary>
    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, HttpContent content, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-Forwarded-For", address);
        return client.SendAsync(request);
    }

    private static async Task<Answer> ApiAsync(Task<HttpResponseMessage> sending, int order)
    {
        using var response = await sending;
        return await Answer.FromAsync(order, "api", response);
    }

    private sealed record Answer(int Order, string Kind, int Status, string? ContentType, string? RetryAfter, string Body)
    {
        public bool Ok => Status is >= 200 and < 500 && Status != 429;

        /// <summary>A success or a citizen's own mistake, or a 503 that says in Japanese to wait, with Retry-After.</summary>
        public bool Clean => Ok || (Status == 503 && RetryAfter == "30" && Body.Contains("ただいま", StringComparison.Ordinal)
            && ContentType == (Kind == "page" ? "text/html" : "application/problem+json")
            && !Body.Contains("Exception", StringComparison.Ordinal) && !Body.Contains("   at ", StringComparison.Ordinal));

        public static async Task<Answer> FromAsync(int order, string kind, HttpResponseMessage response) =>
            new(order, kind, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await response.Content.ReadAsStringAsync());
    }

    /// <summary>The public look-up page, opened once (form and antiforgery cookie) and posted again and again.</summary>
    private sealed class LookUpPage(HttpClient client, Dictionary<string, string> fields)
    {
        public static async Task<LookUpPage> OpenAsync(Uri publicUrl)
        {
            var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = publicUrl };
            using var get = await client.GetAsync("/booking");
            var form = (await MadoguchiApp.ParseAsync(get)).QuerySelector("main form[method=post]")!;
            var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
            fields["code"] = "ABCD2345";
            fields["number"] = "R00-000001";
            fields["birth"] = Citizens.BirthDate;
            return new LookUpPage(client, fields);
        }

        public async Task<Answer> PostAsync(int order, string address)
        {
            using var response = await SendAsync(client, "/booking", new FormUrlEncodedContent(fields), address);
            return await Answer.FromAsync(order, "page", response);
        }
    }
}
