using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Madoguchi.Tests.Wall.Attacks;

/// <summary>
/// What the outside test of issue 13 did, as code: a public-only process on PostgreSQL connected as
/// <c>madoguchi_public</c> (as the migrations create it), behind a proxy it trusts so that each
/// request may come from another address, and the recipes an attacker tries on what it can read.
/// </summary>
internal static class Attackers
{
    /// <summary>The card key the test apps are given (tests/Infrastructure): the worst case, an attacker who holds it.</summary>
    public static byte[] AppCardKey => SHA256.HashData("madoguchi development card key (not secret)"u8);

    public static Task<MadoguchiApp> StartPublicAsync(DatabaseProvider provider, TimeProvider clock) =>
        PublicProcess.StartAsync(
            provider,
            clock,
            new Dictionary<string, string?>
            {
                ["Madoguchi:TrustedProxies"] = "127.0.0.1",
                // Enough for one request from each address; the burst below sends one per address.
                ["Madoguchi:Booking:RequestsPerMinute"] = "1000",
            });

    /// <summary>A look-up of a booking with a card's number and a date of birth, from one address; returns the problem code (or "ok").</summary>
    public static async Task<string> LookUpAsync(MadoguchiApp app, string number, string birth, string address)
    {
        // A well-formed code of no booking: a right date answers booking-not-found, a wrong one card-not-found.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings/lookup")
        {
            Content = JsonContent.Create(new { code = MadeUpCode, managementNumber = number, birthDate = birth }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        using var response = await app.Public.SendAsync(request);
        if (response.IsSuccessStatusCode)
        {
            return "ok";
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("code").GetString()!;
    }

    private static readonly string MadeUpCode = Madoguchi.Booking.Formats.BookingCode.New();

    /// <summary>Every day from 1900-01-01 to 2026-12-31, as the outside test tried them.</summary>
    public static IEnumerable<DateOnly> EveryDate()
    {
        for (var day = new DateOnly(1900, 1, 1); day <= new DateOnly(2026, 12, 31); day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>
    /// Tries every date of every card against the values read: the date written out, the old
    /// SHA-256 recipe, and HMAC-SHA256 under the given keys (hex or base64url, whole or after a
    /// "key id:" prefix). Returns the cards whose date was recovered.
    /// </summary>
    public static List<string> Crack(IReadOnlyCollection<string> readable, IEnumerable<string> numbers, params byte[][] keys)
    {
        var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in readable)
        {
            values.Add(value.Trim());
            if (value.IndexOf(':') is var colon and >= 0)
            {
                values.Add(value[(colon + 1)..].Trim());
            }
        }

        var recovered = new List<string>();
        Span<byte> hash = stackalloc byte[32];
        var hmacs = keys.Select(k => new HMACSHA256(k)).ToArray();
        foreach (var number in numbers)
        {
            foreach (var day in EveryDate())
            {
                var iso = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                var hit = values.Contains(iso) || values.Contains(day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
                SHA256.HashData(Encoding.ASCII.GetBytes($"madoguchi-card-v1|{number}|{iso}"), hash);
                hit |= values.Contains(Convert.ToHexStringLower(hash));
                foreach (var hmac in hmacs)
                {
                    foreach (var recipe in new[] { "madoguchi-card-v1", "madoguchi-card-v2" })
                    {
                        var mac = hmac.ComputeHash(Encoding.ASCII.GetBytes($"{recipe}|{number}|{iso}"));
                        hit |= values.Contains(Convert.ToHexStringLower(mac)) || values.Contains(Base64Url(mac)) || values.Contains(Convert.ToBase64String(mac));
                    }
                }

                if (hit)
                {
                    recovered.Add($"{number} {iso}");
                }
            }
        }

        foreach (var hmac in hmacs)
        {
            hmac.Dispose();
        }

        return recovered;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Cards of the demo's kind: numbers and dates of birth spread over the century.</summary>
    public static (string Number, string Birth)[] Cards(int count) =>
        Enumerable.Range(0, count)
            .Select(i => ($"A{(char)('A' + (i % 26))}{i % 10}-{100000 + (i * 7919 % 900000):D6}", new DateOnly(1921, 3, 1).AddDays(i * 1733).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
}
