using Madoguchi.Booking.Formats;
using Madoguchi.Data;
using Madoguchi.Notices;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Booking;

public sealed record ConfirmRequest(Guid? HoldId, int? PlaceId, DateTimeOffset? Start, IReadOnlyList<CardProof>? Cards, string? Phone, string? Email, string Channel);

public sealed record ConfirmedBooking(string Code, int PlaceId, DateTimeOffset Start, DateTimeOffset End, int People, bool Repeated);

/// <summary>
/// Turns a hold (or, for programs, a place, time and cards in one step) into a booking with its
/// code. The seats taken by the hold pass to the booking; the hold is consumed, so a second
/// confirm of the same hold finds the booking it made instead of making another.
/// </summary>
public sealed class ConfirmBooking(MadoguchiDb db, TimeProvider clock, BookingSettings settings, NoticeSettings notices)
{
    public async Task<Outcome<ConfirmedBooking>> RunAsync(ConfirmRequest request, CancellationToken cancellationToken = default)
    {
        if (!PhoneNumber.TryNormalize(request.Phone, out var phone))
        {
            return BookingProblem.InvalidInput(PhoneNumber.FormatError, "phone");
        }

        string? email = null;
        if (!string.IsNullOrWhiteSpace(request.Email))
        {
            if (!EmailAddress.TryNormalize(request.Email, out var normalized))
            {
                return BookingProblem.InvalidInput(EmailAddress.FormatError, "email");
            }

            email = normalized;
        }

        return request.HoldId is { } holdId
            ? await FromHoldAsync(holdId, phone, email, request.Channel, cancellationToken)
            : await DirectAsync(request, phone, email, cancellationToken);
    }

    /// <summary>
    /// The booking a direct request (no hold) already made, for a retry that took over a request
    /// whose process died before answering: the same cards, proven again, at the same place, time
    /// and phone. Null when there is none, and for a request from a hold (that one finds its booking itself).
    /// </summary>
    public async Task<ConfirmedBooking?> MadeEarlierAsync(ConfirmRequest request, CancellationToken cancellationToken = default)
    {
        if (request.HoldId is not null || request.PlaceId is not { } placeId || request.Start is not { } start || request.Cards is not { } cards
            || !PhoneNumber.TryNormalize(request.Phone, out var phone))
        {
            return null;
        }

        var proven = await CheckAsync(request.Channel, cards, forNewBooking: false, cancellationToken);
        if (proven.Problem is not null)
        {
            return null;
        }

        var numbers = proven.Value!;
        var made = await db.Bookings.AsNoTracking()
            .Where(b => b.PlaceId == placeId && b.Start == start && b.Phone == phone && b.Status == BookingStatus.Booked && b.People == numbers.Count
                && b.Cards.Count(c => numbers.Contains(c.ManagementNumber)) == numbers.Count)
            .FirstOrDefaultAsync(cancellationToken);
        return made is null ? null : new ConfirmedBooking(made.Code, made.PlaceId, made.Start.ToCityTime(), made.End.ToCityTime(), made.People, Repeated: true);
    }

    /// <summary>The staff's phone booking is never refused by the public lock-out (ADR 0025).</summary>
    private Task<Outcome<IReadOnlyList<string>>> CheckAsync(string channel, IReadOnlyList<CardProof> cards, bool forNewBooking, CancellationToken cancellationToken) =>
        channel == StaffChannel
            ? new CheckCards(db, clock, settings).ForStaffAsync(cards, forNewBooking, cancellationToken)
            : new CheckCards(db, clock, settings).RunAsync(cards, forNewBooking, cancellationToken);

    /// <summary>The channel of a booking the staff take by phone (/office/bookings/new); set by the office page, never by a citizen's request.</summary>
    public const string StaffChannel = "phone";

    private async Task<Outcome<ConfirmedBooking>> FromHoldAsync(Guid holdId, string phone, string? email, string channel, CancellationToken cancellationToken)
    {
        var seats = new Seats(db, clock, settings);
        return await db.InTransactionAsync<Outcome<ConfirmedBooking>>(async () =>
        {
            var hold = await db.LockedHoldAsync(holdId, cancellationToken);
            if (hold is null)
            {
                var made = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.HoldId == holdId, cancellationToken);
                return made is null
                    ? (false, BookingProblem.HoldExpired(settings.HoldMinutes))
                    : (false, new ConfirmedBooking(made.Code, made.PlaceId, made.Start.ToCityTime(), made.End.ToCityTime(), made.People, Repeated: true));
            }

            if (hold.ExpiresAt <= clock.GetUtcNow())
            {
                await seats.ReleaseHoldAsync(holdId, cancellationToken);
                return (true, BookingProblem.HoldExpired(settings.HoldMinutes));
            }

            var numbers = await db.HoldCards.AsNoTracking().Where(c => c.HoldId == holdId).Select(c => c.ManagementNumber).ToListAsync(cancellationToken);
            var slot = await db.Slots.AsNoTracking().SingleAsync(s => s.Id == hold.SlotId, cancellationToken);
            await db.HoldCards.Where(c => c.HoldId == holdId).ExecuteDeleteAsync(cancellationToken);
            await db.Holds.Where(h => h.Id == holdId).ExecuteDeleteAsync(cancellationToken);
            return await InsertAsync(slot, numbers, phone, email, channel, holdId, cancellationToken);
        }, cancellationToken);
    }

    private async Task<Outcome<ConfirmedBooking>> DirectAsync(ConfirmRequest request, string phone, string? email, CancellationToken cancellationToken)
    {
        if (request.PlaceId is not { } placeId || request.Start is not { } start || request.Cards is not { } cards)
        {
            return BookingProblem.InvalidInput("holdId か、placeId・start・cards のすべてを指定してください。", "holdId");
        }

        var seats = new Seats(db, clock, settings);
        if (cards.Count > 0 && await seats.ClearlyFullAsync(placeId, start, cards.Count, cancellationToken))
        {
            return BookingProblem.SlotFull();
        }

        var checkedCards = await CheckAsync(request.Channel, cards, forNewBooking: true, cancellationToken);
        if (checkedCards.Problem is { } problem)
        {
            return problem;
        }

        var bookable = await seats.CheckBookableAsync(placeId, start, cancellationToken);
        if (bookable.Problem is { } closed)
        {
            return closed;
        }

        var numbers = checkedCards.Value!;
        var (place, time) = bookable.Value;
        return await db.InTransactionAsync<Outcome<ConfirmedBooking>>(async () =>
        {
            var taken = await seats.TakeForCardsAsync(place, time, numbers, cancellationToken);
            if (taken.Problem is { } full)
            {
                return (false, full);
            }

            var slot = new Slot { Id = taken.Value, PlaceId = place.Id, Start = time.Start, End = time.End };
            return await InsertAsync(slot, numbers, phone, email, request.Channel, null, cancellationToken);
        }, cancellationToken);
    }

    private async Task<(bool Commit, Outcome<ConfirmedBooking> Outcome)> InsertAsync(
        Slot slot, IReadOnlyList<string> numbers, string phone, string? email, string channel, Guid? holdId, CancellationToken cancellationToken)
    {
        var code = BookingCode.New();
        while (await db.Bookings.AnyAsync(b => b.Code == code, cancellationToken))
        {
            code = BookingCode.New();
        }

        var booking = new PickupBooking
        {
            Code = code,
            SlotId = slot.Id,
            PlaceId = slot.PlaceId,
            Start = slot.Start,
            End = slot.End,
            People = numbers.Count,
            Phone = phone,
            Email = email,
            CreatedAt = clock.GetUtcNow(),
            HoldId = holdId,
            Channel = channel,
            Cards = numbers.Select(n => new BookedCard { ManagementNumber = n }).ToList(),
        };
        db.Bookings.Add(booking);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (Seats.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            // Another request booked one of these cards between the check and this insert.
            return (false, new BookingProblem("card-already-booked", 409, "このカードはすでに予約されています",
                "同じカードの予約が同時に送られ、先に届いた方で予約しました。予約番号はそちらの画面で確かめるか、予約の確認ページでお確かめください。", "cards"));
        }

        await new CitizenNotices(db, notices).ConfirmedAsync(booking, booking.CreatedAt, cancellationToken);

        return (true, new ConfirmedBooking(booking.Code, booking.PlaceId, booking.Start.ToCityTime(), booking.End.ToCityTime(), booking.People, Repeated: false));
    }
}
