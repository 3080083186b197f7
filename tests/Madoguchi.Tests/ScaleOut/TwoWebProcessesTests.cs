using System.Net.Http.Json;
using System.Text.Json;

using Madoguchi.Tests.Faults;

namespace Madoguchi.Tests.ScaleOut;

/// <summary>
/// Two public web processes (<c>--zone public</c>, each its own port) on one PostgreSQL database,
/// as a city scales out behind its load balancer. Nothing that guards a seat, a card, the throttle
/// or a hold may live in one process's memory.
/// </summary>
[Trait("Category", "Faults")]
public sealed class TwoWebProcessesTests : IAsyncLifetime
{
    // Ten proof-checking requests a minute per address: the burst's citizens need two or three each, the throttle check eleven.
    private const int Limit = 10;
    private TestDatabase _database = null!;
    private WebProcess _a = null!;
    private WebProcess _b = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var settings = FaultSettings.Web;
        settings["Madoguchi__Booking__RequestsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // One after the other: the second finds the database migrated and the places there.
        _a = await WebProcess.StartAsync(_database.Settings, "public", settings);
        _b = await WebProcess.StartAsync(_database.Settings, "public", settings);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_burst_over_both_processes_sells_each_seat_once_and_each_card_once()
    {
        // Sixty tries for three slots: each of thirty cards is tried twice at once for the same
        // slot, once starting on each process, and every hold is confirmed on the other process.
        var citizens = await Citizens.ImportAsync(_database.Settings, 30, 'S');
        var (placeId, slots) = await Citizens.FreeSlotsAsync(_a.Public, 3);
        var seats = slots.Sum(s => s.Seats);
        Assert.True(seats < citizens.Count, "The burst must want more seats than there are.");
        var tries = citizens.SelectMany(c => new[] { (Citizen: c, First: _a, Then: _b), (Citizen: new Citizen(c.Number + 300, c.Card), First: _b, Then: _a) }).ToList();

        await Citizens.RunAsync(tries, atOnce: 16, t => t.Citizen.TryAsync(t.First.Public, t.Then.Public, placeId, slots[t.Citizen.Number % 3].Start));

        // Every try was answered, none with a server error; a refusal is a problem a citizen can read.
        Assert.False(
            tries.Any(t => t.Citizen.HoldStatus == HttpStatusCode.InternalServerError || t.Citizen.BookingStatus == HttpStatusCode.InternalServerError),
            $"A server error. A said:\n{_a.Output}\nB said:\n{_b.Output}");
        Assert.All(tries, t => Assert.True(t.Citizen.HoldStatus is { } s && (int)s < 500, $"Hold answered {t.Citizen.HoldStatus}."));
        Assert.All(tries.Where(t => t.Citizen.HoldId is not null), t => Assert.True(t.Citizen.BookingStatus is { } s && (int)s < 500, $"Booking answered {t.Citizen.BookingStatus}."));

        // Each booking here was confirmed on the other process than the one that made its hold.
        var answered = tries.Where(t => t.Citizen.BookingStatus == HttpStatusCode.Created).Select(t => t.Citizen).ToList();

        // No seat sold twice and no card booked twice, whichever process answered.
        Assert.InRange(answered.Count, 1, seats);
        Assert.Equal(answered.Count, answered.Select(c => c.Card).Distinct().Count());
        await using (var db = _database.Open())
        {
            Assert.Equal(answered.Select(c => c.BookingCode!).Order(), (await db.Bookings.AsNoTracking().Select(b => b.Code).ToListAsync()).Order());
        }

        await Citizens.AssertSeatsAddUpAsync(_database.Settings);
    }

    [SkippableFact]
    public async Task The_throttle_counts_one_address_across_both_processes()
    {
        // Eleven requests, alternately to each process: each sees six at most, under the limit of
        // ten, so only a count shared through the database refuses the eleventh. A minute that
        // turns over in the middle splits the count; then the check runs once more.
        for (var round = 0; round < 2; round++)
        {
            var minute = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i <= Limit; i++)
            {
                var web = i % 2 == 0 ? _a : _b;
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings/lookup")
                {
                    Content = JsonContent.Create(new { code = "ABCD2345", managementNumber = "T00-000001", birthDate = "1980-01-01" }),
                };
                request.Headers.Add("X-Forwarded-For", $"192.0.2.{100 + round}");
                using var response = await web.Public.SendAsync(request);
                statuses.Add(response.StatusCode);
            }

            if (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 != minute)
            {
                continue;
            }

            Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(Limit));
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[Limit]);
            return;
        }

        Assert.Fail("The minute turned over during both rounds.");
    }

    [SkippableFact]
    public async Task A_seat_held_on_one_process_is_not_offered_by_the_other()
    {
        var citizens = await Citizens.ImportAsync(_database.Settings, 1, 'H');
        var (placeId, slots) = await Citizens.FreeSlotsAsync(_b.Public, 1);
        var (start, seats) = slots[0];
        var day = start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(await citizens[0].HoldAsync(_a.Public, placeId, start));

        // B keeps its answers one second (ADR 0007); within a few it must show the seat as gone.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        int remaining;
        do
        {
            var answer = await _b.Public.GetFromJsonAsync<JsonElement>($"/api/v1/places/{placeId}/slots?from={day}&to={day}");
            remaining = answer.EnumerateArray().Single(s => s.GetProperty("start").GetDateTimeOffset() == start).GetProperty("remaining").GetInt32();
            if (remaining == seats - 1)
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(seats - 1, remaining);
    }

    [SkippableFact]
    public async Task A_booking_pass_given_by_one_process_is_honoured_by_the_other()
    {
        // The cards are checked on A's page; the next page is asked of B, as a load balancer may do.
        // Passes are protected with keys kept in the database, so B must read A's (ADR 0010).
        var citizens = await Citizens.ImportAsync(_database.Settings, 1, 'W');
        using var onA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = _a.PublicUrl };
        using var checkedOnA = await MadoguchiApp.PostFormAsync(onA, "/book", new()
        {
            ["Cards[0].ManagementNumber"] = citizens[0].Card,
            ["Cards[0].BirthDate"] = Citizens.BirthDate,
        });
        Assert.Equal(HttpStatusCode.Redirect, checkedOnA.StatusCode);
        var next = checkedOnA.Headers.Location!.ToString();
        Assert.StartsWith("/book/place?pass=", next, StringComparison.Ordinal);

        using var onB = await _b.Public.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
    }
}
