using Madoguchi.Booking.Formats;
using Madoguchi.Notices;

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
        var outcome = await ConfirmAsync(request, cancellationToken);
        Operations.MadoguchiMetrics.Confirmed(outcome, request.Channel);
        return outcome;
    }

    private async Task<Outcome<ConfirmedBooking>> ConfirmAsync(ConfirmRequest request, CancellationToken cancellationToken)
    {
        if (!PhoneNumber.TryNormalize(request.Phone, out var phone))
        {
            return BookingProblems.InvalidInput(PhoneNumber.FormatError, "phone");
        }

        string? email = null;
        if (!string.IsNullOrWhiteSpace(request.Email))
        {
            if (!EmailAddress.TryNormalize(request.Email, out var normalized))
            {
                return BookingProblems.InvalidInput(EmailAddress.FormatError, "email");
            }

            email = normalized;
        }

        return request.HoldId is { } holdId
            ? await FromHoldAsync(holdId, phone, email, request.Channel, cancellationToken)
            : await DirectAsync(request, phone, email, cancellationToken);
    }

    /// <summary>
    /// The booking a direct request (no hold) already made, for a retry that took over a request
    /// whose process died before answering: the same cards, proven again, at the same place and
    /// time. Null when there is none, and for a request from a hold (that one finds its booking itself).
    /// </summary>
    public async Task<ConfirmedBooking?> MadeEarlierAsync(ConfirmRequest request, CancellationToken cancellationToken = default)
    {
        if (request.HoldId is not null || request.PlaceId is not { } placeId || request.Start is not { } start || request.Cards is not { } cards
            || !PhoneNumber.TryNormalize(request.Phone, out _))
        {
            return null;
        }

        var proven = await CheckAsync(request.Channel, cards, forNewBooking: false, cancellationToken);
        if (proven.Problem is not null)
        {
            return null;
        }

        var numbers = proven.Value!;
        // Not by phone: the public role may not read it (ADR 0027); the cards, proven again, name the booking.
        var made = await db.Bookings.AsNoTracking()
            .Where(b => b.PlaceId == placeId && b.Start == start && b.Status == BookingStatus.Booked && b.People == numbers.Count
                && b.Cards.Count(c => numbers.Contains(c.ManagementNumber)) == numbers.Count)
            .Select(b => new { b.Code, b.PlaceId, b.Start, b.End, b.People })
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
                var made = await db.Bookings.AsNoTracking().Where(b => b.HoldId == holdId)
                    .Select(b => new { b.Code, b.PlaceId, b.Start, b.End, b.People }).SingleOrDefaultAsync(cancellationToken);
                return made is null
                    ? (false, BookingProblems.HoldExpired(settings.HoldMinutes))
                    : (false, new ConfirmedBooking(made.Code, made.PlaceId, made.Start.ToCityTime(), made.End.ToCityTime(), made.People, Repeated: true));
            }

            if (hold.ExpiresAt <= clock.GetUtcNow())
            {
                await seats.ReleaseHoldAsync(holdId, cancellationToken);
                return (true, BookingProblems.HoldExpired(settings.HoldMinutes));
            }

            var members = await db.HoldCards.AsNoTracking().Where(c => c.HoldId == holdId).OrderBy(c => c.Id)
                .Select(c => new Member(c.ManagementNumber, c.SlotId)).ToListAsync(cancellationToken);
            var slot = await db.Slots.AsNoTracking().SingleAsync(s => s.Id == hold.SlotId, cancellationToken);
            await db.HoldCards.Where(c => c.HoldId == holdId).ExecuteDeleteAsync(cancellationToken);
            await db.Holds.Where(h => h.Id == holdId).ExecuteDeleteAsync(cancellationToken);
            return await InsertAsync(slot, members, phone, email, channel, holdId, cancellationToken);
        }, cancellationToken);
    }

    private async Task<Outcome<ConfirmedBooking>> DirectAsync(ConfirmRequest request, string phone, string? email, CancellationToken cancellationToken)
    {
        if (request.PlaceId is not { } placeId || request.Start is not { } start || request.Cards is not { } cards)
        {
            return BookingProblems.InvalidInput("holdId か、placeId・start・cards のすべてを指定してください。", "holdId");
        }

        // The cards' earlier bookings are asked for only when the booking is refused (below).
        var seats = new Seats(db, clock, settings);
        var prepared = await seats.PrepareAsync(placeId, start, cards.Count, () => CheckAsync(request.Channel, cards, forNewBooking: false, cancellationToken), cancellationToken);
        if (prepared.Problem is { } problem)
        {
            return problem;
        }

        var (place, time, numbers, plan) = prepared.Value!;
        var made = await db.InTransactionAsync<Outcome<ConfirmedBooking>>(async () =>
        {
            var taken = await seats.TakeForCardsAsync(place, plan, numbers, cancellationToken);
            if (taken.Problem is { } full)
            {
                return (false, full);
            }

            var slot = new Slot { Id = taken.Value![0], PlaceId = place.Id, Start = time.Start, End = time.End };
            var slots = HoldSeats.Members(plan, taken.Value!);
            var members = numbers.Select((n, i) => new Member(n, plan.Count > 1 ? slots[i] : null)).ToList();
            return await InsertAsync(slot, members, phone, email, request.Channel, null, cancellationToken);
        }, cancellationToken);

        // A card that is booked already is told so, with its booking, before a full slot: what the
        // citizen needs to know is that the card has a time.
        return made.Problem is { } refused && refused.Code is "card-already-booked" or "slot-full"
            && await CheckCards.AlreadyBookedAsync(db, numbers, cancellationToken) is { } booked
            ? booked
            : made;
    }

    private sealed record Member(string ManagementNumber, long? SlotId);

    /// <summary>A booking code no booking holds yet.</summary>
    internal static async Task<string> NewCodeAsync(MadoguchiDb db, CancellationToken cancellationToken)
    {
        var code = BookingCode.New();
        while (await db.Bookings.AnyAsync(b => b.Code == code, cancellationToken))
        {
            code = BookingCode.New();
        }

        return code;
    }

    private async Task<(bool Commit, Outcome<ConfirmedBooking> Outcome)> InsertAsync(
        Slot slot, IReadOnlyList<Member> members, string phone, string? email, string channel, Guid? holdId, CancellationToken cancellationToken)
    {
        // A family on consecutive times (ADR 0020): the booking spans from the first member's time to the last one's end.
        var end = slot.End;
        if (members.Any(m => m.SlotId is not null))
        {
            var ids = members.Select(m => m.SlotId).OfType<long>().Distinct().ToList();
            end = (await db.Slots.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => s.End).ToListAsync(cancellationToken)).Max();
        }

        var booking = new PickupBooking
        {
            Code = await NewCodeAsync(db, cancellationToken),
            SlotId = slot.Id,
            PlaceId = slot.PlaceId,
            Start = slot.Start,
            End = end,
            People = members.Count,
            Phone = phone,
            Email = email,
            CreatedAt = clock.GetUtcNow(),
            HoldId = holdId,
            Channel = channel,
            Cards = members.Select(m => new BookedCard { ManagementNumber = m.ManagementNumber, SlotId = m.SlotId }).ToList(),
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
            return (false, new Problem("card-already-booked", 409, "このカードはすでに予約されています",
                "同じカードの予約が同時に送られ、先に届いた方で予約しました。予約番号はそちらの画面で確かめるか、予約の確認ページでお確かめください。", "cards"));
        }

        await new CitizenNotices(db, notices).ConfirmedAsync(booking, booking.CreatedAt, cancellationToken);

        return (true, new ConfirmedBooking(booking.Code, booking.PlaceId, booking.Start.ToCityTime(), booking.End.ToCityTime(), booking.People, Repeated: false));
    }
}
