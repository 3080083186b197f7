using System.Net.Http.Json;
using System.Text.Json;

namespace Madoguchi.Tests.Faults;

/// <summary>
/// One citizen's try at a booking through the public API, as a phone app does it: hold a seat,
/// then confirm the hold with a phone number, each POST with an Idempotency-Key so that it may be
/// retried. Records exactly what came back, or that nothing did.
/// </summary>
public sealed class Citizen(int number, string card)
{
    public int Number { get; } = number;

    public string Card { get; } = card;

    /// <summary>Each citizen comes from an address of their own (X-Forwarded-For through a trusted proxy), as on the internet.</summary>
    public string Address => $"10.8.{Number / 250}.{(Number % 250) + 1}";

    public string HoldKey { get; } = Guid.NewGuid().ToString("N");

    public string BookingKey { get; } = Guid.NewGuid().ToString("N");

    public HttpStatusCode? HoldStatus { get; private set; }

    public Guid? HoldId { get; private set; }

    public HttpStatusCode? BookingStatus { get; private set; }

    public string? BookingCode { get; private set; }

    /// <summary>The booking request was sent but no answer came: the server died with it in hand.</summary>
    public bool BookingInFlight { get; private set; }

    /// <summary>The hold request was sent but no answer came.</summary>
    public bool HoldInFlight { get; private set; }

    /// <param name="beforeBooking">Called just before the booking request goes out (a test may time a fault by it).</param>
    public async Task TryAsync(HttpClient holdThrough, HttpClient bookThrough, int placeId, DateTimeOffset start, Action? beforeBooking = null)
    {
        if (await HoldAsync(holdThrough, placeId, start))
        {
            // A person reads the held time and types a phone number: a pause of up to a fifth of a second here.
            await Task.Delay(Random.Shared.Next(0, 200));
            beforeBooking?.Invoke();
            await BookAsync(bookThrough);
        }
    }

    /// <summary>Holds a seat for the card; true when the hold was made (201).</summary>
    public async Task<bool> HoldAsync(HttpClient through, int placeId, DateTimeOffset start)
    {
        var (holdStatus, holdBody, holdLost) = await SendAsync(through, "/api/v1/holds", HoldKey, new
        {
            placeId,
            start,
            cards = new[] { new { managementNumber = Card, birthDate = Citizens.BirthDate } },
        });
        HoldStatus = holdStatus;
        HoldInFlight = holdLost;
        if (holdStatus != HttpStatusCode.Created)
        {
            return false;
        }

        HoldId = holdBody!.RootElement.GetProperty("holdId").GetGuid();
        return true;
    }

    /// <summary>Confirms the hold; called again after a restart, with the same key and body, for a request that was in flight.</summary>
    public async Task BookAsync(HttpClient through)
    {
        var (status, body, lost) = await SendAsync(through, "/api/v1/bookings", BookingKey, new { holdId = HoldId, phone = "090-1234-5678" });
        BookingStatus = status;
        BookingInFlight = lost;
        BookingCode = status == HttpStatusCode.Created ? body!.RootElement.GetProperty("code").GetString() : null;
    }

    private async Task<(HttpStatusCode? Status, JsonDocument? Body, bool Lost)> SendAsync(HttpClient client, string path, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Add("X-Forwarded-For", Address);
        try
        {
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text) : null, false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            // Refused: the process was already gone, so the request never arrived. Anything else: it may have.
            return (null, null, !Infrastructure.WebProcess.NeverArrived(e));
        }
    }
}

/// <summary>Setting up and checking a booking burst: the cards, the slots, and the seat count afterwards.</summary>
public static class Citizens
{
    public const string BirthDate = "1980-01-01";

    /// <summary>Puts the citizens' cards into the ledger through the real import, dated by the real clock like the web process.</summary>
    public static async Task<List<Citizen>> ImportAsync(DatabaseSettings database, int count, char series)
    {
        var citizens = Enumerable.Range(0, count).Select(i => new Citizen(i, $"{series}{i / 1000 % 100:D2}-{i:D6}")).ToList();
        await using var db = database.Open();
        var summary = await TestLedger.ImportAsync(
            db, TimeProvider.System, citizens.Select(c => CultureInvariant($"{c.Card},試験　{c.Number}郎,{BirthDate},男,長野県上田市大手一丁目{c.Number}番")));
        Assert.Equal(count, summary.Imported);
        return citizens;
    }

    /// <summary>The first place and its first bookable slots with every seat free, read from the API as a citizen's app would.</summary>
    public static async Task<(int PlaceId, List<(DateTimeOffset Start, int Seats)> Slots)> FreeSlotsAsync(HttpClient client, int count)
    {
        var places = await client.GetFromJsonAsync<JsonElement>("/api/v1/places");
        var place = places.EnumerateArray().First();
        var placeId = place.GetProperty("id").GetInt32();
        var slots = await client.GetFromJsonAsync<JsonElement>($"/api/v1/places/{placeId}/slots");
        var free = slots.EnumerateArray()
            .Select(s => (Start: s.GetProperty("start").GetDateTimeOffset(), Seats: s.GetProperty("remaining").GetInt32()))
            .Where(s => s.Seats > 0)
            .Take(count)
            .ToList();
        Assert.Equal(count, free.Count);
        return (placeId, free);
    }

    /// <summary>
    /// For every slot: the seats taken are exactly the people of its bookings plus the seats of its
    /// holds (none has run out: a hold lasts ten minutes, longer than any of these tests), and never
    /// more than its capacity. And no card is in two active bookings.
    /// </summary>
    public static async Task AssertSeatsAddUpAsync(DatabaseSettings database)
    {
        await using var db = database.Open();
        var slots = await db.Slots.AsNoTracking().ToListAsync();
        var booked = await db.Bookings.AsNoTracking().GroupBy(b => b.SlotId).Select(g => new { g.Key, People = g.Sum(b => b.People) }).ToDictionaryAsync(g => g.Key, g => g.People);
        var held = await db.Holds.AsNoTracking().GroupBy(h => h.SlotId).Select(g => new { g.Key, Seats = g.Sum(h => h.Seats) }).ToDictionaryAsync(g => g.Key, g => g.Seats);
        Assert.NotEmpty(slots);
        foreach (var slot in slots)
        {
            var expected = booked.GetValueOrDefault(slot.Id) + held.GetValueOrDefault(slot.Id);
            Assert.True(slot.Taken == expected, $"Slot {slot.Start}: taken {slot.Taken}, but bookings and holds add up to {expected}.");
            Assert.True(slot.Taken <= slot.Capacity, $"Slot {slot.Start}: taken {slot.Taken} of {slot.Capacity}.");
        }

        var twice = await db.BookedCards.AsNoTracking().Where(c => c.Active).GroupBy(c => c.ManagementNumber).Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync();
        Assert.Empty(twice);
    }

    /// <summary>Runs the citizens' tries, a few at a time, as a crowd arriving at the opening minute.</summary>
    public static async Task RunAsync<T>(IEnumerable<T> citizens, int atOnce, Func<T, Task> attempt)
    {
        using var gate = new SemaphoreSlim(atOnce);
        await Task.WhenAll(citizens.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                await attempt(c);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
