using System.Net.Http.Json;
using System.Text.Json;

namespace Madoguchi.Tests.Booking;

/// <summary>What a city switches on or tightens in Madoguchi:Booking, seen from the public API.</summary>
public sealed class BookingSettingsTests
{
    private static readonly DateTimeOffset MondayNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public async Task No_slots_are_offered_over_the_year_end_closure()
    {
        // 2027-12-20 (Monday) 10:00 in Ueda: the window reaches into January 2028.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 12, 20, 1, 0, 0, TimeSpan.Zero));
        await using var app = await MadoguchiApp.StartAsync(clock: clock);

        var slots = await app.Public.GetFromJsonAsync<JsonElement>("/api/v1/places/1/slots?from=2027-12-27&to=2028-01-05");
        var days = slots.EnumerateArray().Select(s => s.GetProperty("start").GetString()![..10]).Distinct().ToList();

        // 12/27–28 and 1/4–5 are open weekdays; 12/29–1/3 is 年末年始.
        Assert.Equal(["2027-12-27", "2027-12-28", "2028-01-04", "2028-01-05"], days);
    }

    [Fact]
    public async Task Requests_beyond_the_per_address_limit_get_429_until_the_next_minute()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
        await using var app = await MadoguchiApp.StartAsync(clock: clock, settings: new Dictionary<string, string?> { ["Madoguchi:Booking:RequestsPerMinute"] = "3" });
        var lookup = new { code = "3C7K-9HQA", managementNumber = "A1B-123456", birthDate = "1985-04-12" };

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await app.PostJsonAsync("/api/v1/bookings/lookup", lookup);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using var refused = await app.PostJsonAsync("/api/v1/bookings/lookup", lookup);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("too-many-attempts", problem.GetProperty("code").GetString());
        Assert.Contains("1分ほど待って", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(1));
        using var later = await app.PostJsonAsync("/api/v1/bookings/lookup", lookup);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, later.StatusCode);
    }

    [Fact]
    public async Task Where_the_city_allows_it_a_citizen_cancels_online_and_the_seat_is_free_again()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
        await using var app = await MadoguchiApp.StartAsync(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Madoguchi:Booking:OnlineCancel"] = "true",
            ["Madoguchi:Booking:RequestsPerMinute"] = "1000",
        });
        await app.ImportCardsAsync(clock, ("A1B-123456", "1985-04-12"));
        using var booked = await app.PostJsonAsync("/api/v1/bookings", new { placeId = 3, start = MondayNine, cards = new[] { new { managementNumber = "A1B-123456", birthDate = "1985-04-12" } }, phone = "090-1234-5678" });
        var code = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

        using var cancel = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/bookings/{code}") { Content = JsonContent.Create(new { managementNumber = "A1B-123456", birthDate = "1985-04-12" }) };
        using var cancelled = await app.Public.SendAsync(cancel);

        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        await using (var db = app.Database.Open())
        {
            // Deleted means gone: no booking row with the phone number, only an anonymous count.
            Assert.Equal(0, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Bookings));
            var tombstone = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.BookingTombstones);
            Assert.Equal(("citizen", 1), (tombstone.CancelledBy, tombstone.People));
        }

        using var lookup = await app.PostJsonAsync("/api/v1/bookings/lookup", new { code, managementNumber = "A1B-123456", birthDate = "1985-04-12" });
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        // Maruko (place 3) has one seat; it can be booked again at once.
        using var again = await app.PostJsonAsync("/api/v1/bookings", new { placeId = 3, start = MondayNine, cards = new[] { new { managementNumber = "A1B-123456", birthDate = "1985-04-12" } }, phone = "090-1234-5678" });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }
}
