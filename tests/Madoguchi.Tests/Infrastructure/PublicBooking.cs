using System.Net.Http.Json;
using System.Text.Json;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>A citizen's booking made through the public API, as a phone app makes it.</summary>
public static class PublicBooking
{
    /// <summary>Books the cards at a time of a place and returns the booking's code.</summary>
    public static async Task<string> BookAsync(this MadoguchiApp app, int placeId, DateTimeOffset start, string phone, string? email, params (string Number, string Birth)[] cards)
    {
        using var booked = await app.PostJsonAsync("/api/v1/bookings", new
        {
            placeId,
            start,
            cards = cards.Select(c => new { managementNumber = c.Number, birthDate = c.Birth }).ToArray(),
            phone,
            email,
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        return (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    /// <summary>Books one card at a time written as text (2027-02-24T09:00:00+09:00).</summary>
    public static Task<string> BookAsync(this MadoguchiApp app, int placeId, string start, string number, string birth, string phone) =>
        app.BookAsync(placeId, DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), phone, null, (number, birth));
}
