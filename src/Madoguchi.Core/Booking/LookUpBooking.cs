using Madoguchi.Booking.Formats;
using Madoguchi.Notices;

namespace Madoguchi.Booking;

public sealed record BookingLookup(string? Code, string? ManagementNumber, string? BirthDate);

public sealed record BookingView(string Code, int PlaceId, string PlaceName, string PlaceAddress, DateTimeOffset Start, DateTimeOffset End, int People, string Phone, bool HasEmail)
{
    /// <summary>Each member's own time when the family is booked on consecutive times (ADR 0020).</summary>
    public IReadOnlyList<MemberTime> Members { get; init; } = [];
}

/// <summary>
/// A citizen sees (or, where the city allows it, cancels) a booking by proving it: the booking
/// code, and the number and date of birth of one of its cards. Wrong proof counts towards the
/// card's lock like any other wrong date of birth.
/// </summary>
public sealed class LookUpBooking(MadoguchiDb db, TimeProvider clock, BookingSettings settings, NoticeSettings notices)
{
    public async Task<Outcome<BookingView>> RunAsync(BookingLookup proof, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(proof, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem;
        }

        var b = found.Value!.Booking;
        var place = await db.Places.AsNoTracking().SingleAsync(p => p.Id == b.PlaceId, cancellationToken);
        return new BookingView(b.Code, b.PlaceId, place.Name, place.Address, b.Start.ToCityTime(), b.End.ToCityTime(), b.People, b.MaskedPhone, b.HasEmail)
        {
            Members = await ReadBooking.MembersAsync(db, b.Id, cancellationToken),
        };
    }

    public async Task<Outcome<string>> CancelAsync(BookingLookup proof, CancellationToken cancellationToken = default)
    {
        if (!settings.OnlineCancel)
        {
            return BookingProblems.OnlineCancelOff(settings.ContactPhone, settings.ContactName, settings.ContactHours);
        }

        var found = await FindAsync(proof, cancellationToken);
        if (found.Problem is { } problem)
        {
            return problem;
        }

        var (booking, ticket) = found.Value!;
        return await db.InTransactionAsync<Outcome<string>>(async () =>
        {
            var cancelled = await new BookingByCode(db).CancelAsync(booking, ticket, Phone.BookingTombstones.ByCitizen, clock.GetUtcNow(), notices, cancellationToken);
            if (cancelled is null)
            {
                return (false, BookingProblems.BookingNotFound());
            }

            return (true, booking.Code);
        }, cancellationToken);
    }

    /// <summary>The booking, and the ticket of the card's right check (on PostgreSQL) that a cancel hands to the database.</summary>
    private async Task<Outcome<(ProvenBooking Booking, Guid? Ticket)>> FindAsync(BookingLookup proof, CancellationToken cancellationToken)
    {
        if (!BookingCode.TryNormalize(proof.Code, out var code))
        {
            return BookingProblems.InvalidInput(BookingCode.FormatError, "code");
        }

        var check = new CheckCards(db, clock, settings);
        var card = await check.RunAsync([new CardProof(proof.ManagementNumber, proof.BirthDate)], forNewBooking: false, cancellationToken);
        if (card.Problem is { } problem)
        {
            return problem.Code is "card-issued" or "card-destroyed" or "card-not-ready" ? BookingProblems.BookingNotFound() : problem;
        }

        var number = card.Value![0];
        var booking = await new BookingByCode(db).FindAsync(code, cancellationToken);
        return booking is not null && await db.BookedCards.AnyAsync(c => c.BookingId == booking.Id && c.ManagementNumber == number && c.Active, cancellationToken)
            ? (booking, check.Tickets.TryGetValue(number, out var ticket) ? ticket : null)
            : BookingProblems.BookingNotFound();
    }
}
