using System.Net.Http.Json;
using System.Text.Json;

namespace Madoguchi.Tests.Zones;

/// <summary>
/// A public-only process on PostgreSQL connects as the public role (ADR 0010). The grants must be
/// enough for a citizen's whole booking, and nothing more.
/// </summary>
public sealed class PublicRoleTests
{
    [SkippableFact]
    public async Task A_citizen_books_through_a_public_process_connected_as_the_public_role()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
        await using var app = await PublicProcess.StartAsync(DatabaseProvider.Postgres, clock);
        await app.ImportCardsAsync(clock, ("A1B-123456", "1985-04-12"));

        using var slots = await app.Public.GetAsync("/api/v1/places/1/slots?from=2027-03-01&to=2027-03-01");
        using var hold = await app.PostJsonAsync("/api/v1/holds", new { placeId = 1, start = "2027-03-01T09:00:00+09:00", cards = new[] { new { managementNumber = "A1B-123456", birthDate = "1985-04-12" } } });
        var holdId = (await hold.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holdId").GetGuid();
        using var booked = await app.PostJsonAsync("/api/v1/bookings", new { holdId, phone = "090-1234-5678" });
        var code = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        using var found = await app.PostJsonAsync("/api/v1/bookings/lookup", new { code, managementNumber = "A1B-123456", birthDate = "1985-04-12" });
        using var wrong = await app.PostJsonAsync("/api/v1/holds", new { placeId = 1, start = "2027-03-01T09:15:00+09:00", cards = new[] { new { managementNumber = "A1B-123456", birthDate = "1985-04-13" } } });
        var page = await app.PageAsync(app.Public, "/book");

        Assert.Equal(HttpStatusCode.OK, slots.StatusCode);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.OK), (hold.StatusCode, booked.StatusCode, found.StatusCode));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.NotNull(page.QuerySelector("form"));
    }
}
