using System.Globalization;
using System.Text.Json;

using Madoguchi.Booking;

using Microsoft.AspNetCore.DataProtection;

namespace Madoguchi.Web.Booking;

/// <summary>
/// Carries a family's checked cards from page to page without a server-side session: the numbers
/// and dates of birth the citizen typed, encrypted and signed by the app, valid for 30 minutes.
/// Each step still checks the cards against the database again.
/// </summary>
public sealed class BookingPass(IDataProtectionProvider protection, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly ITimeLimitedDataProtector _cards = protection.CreateProtector("Madoguchi.Booking.Pass.v1").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _tickets = protection.CreateProtector("Madoguchi.Booking.Ticket.v1").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _contacts = protection.CreateProtector("Madoguchi.Booking.Contact.v1").ToTimeLimitedDataProtector();

    /// <summary>
    /// The phone and e-mail typed on a hold that ran out, sealed for the link that chooses a time
    /// again (30 minutes): kept in the citizen's browser, never in the database, and unreadable in the URL.
    /// </summary>
    public string Contact(string? phone, string? email) =>
        _contacts.Protect(JsonSerializer.Serialize(new[] { phone ?? "", email ?? "" }), clock.GetUtcNow().Add(Lifetime));

    public (string? Phone, string? Email) ReadContact(string? sealedContact)
    {
        if (string.IsNullOrEmpty(sealedContact))
        {
            return (null, null);
        }

        try
        {
            var text = _contacts.Unprotect(sealedContact, out var expires);
            if (expires < clock.GetUtcNow())
            {
                return (null, null);
            }

            var values = JsonSerializer.Deserialize<string[]>(text)!;
            return (NullIfEmpty(values[0]), NullIfEmpty(values[1]));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (null, null);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    public string Issue(IReadOnlyList<CardProof> cards) =>
        _cards.Protect(JsonSerializer.Serialize(cards.Select(c => new[] { c.ManagementNumber, c.BirthDate })), clock.GetUtcNow().Add(Lifetime));

    public IReadOnlyList<CardProof>? Read(string? pass)
    {
        if (string.IsNullOrEmpty(pass))
        {
            return null;
        }

        try
        {
            var text = _cards.Unprotect(pass, out var expires);
            if (expires < clock.GetUtcNow())
            {
                return null;
            }

            return JsonSerializer.Deserialize<string[][]>(text)!.Select(c => new CardProof(c[0], c[1])).ToList();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>A link to the finished booking that only the citizen who made it holds (one day).</summary>
    public string Ticket(string code) => _tickets.Protect(code, clock.GetUtcNow().AddDays(1));

    public string? ReadTicket(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return null;
        }

        try
        {
            var code = _tickets.Unprotect(ticket, out var expires);
            return expires < clock.GetUtcNow() ? null : code;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
