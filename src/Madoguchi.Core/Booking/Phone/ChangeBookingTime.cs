using Madoguchi.Audit;
using Madoguchi.Calendar;
using Madoguchi.Notices;

namespace Madoguchi.Booking.Phone;

public sealed record MovedBooking(long Id, string Code, int FromPlaceId, int PlaceId, DateTimeOffset Start, DateTimeOffset End, int People);

/// <summary>
/// Moves a booking to another time (or place) on the citizen's call, through the seat ledger
/// (<see cref="Seats.MoveAsync"/>) in one transaction, so a full target leaves the booking exactly
/// as it was; the audit entry <c>booking.change</c> commits with the move. The cards and contact
/// details stay with the booking.
/// </summary>
public sealed class ChangeBookingTime(MadoguchiDb db, TimeProvider clock, BookingSettings settings, NoticeSettings notices, AuditTrail audit)
{
    public const string Action = "booking.change";

    /// <summary>The move, or its refusal recorded; <paramref name="placeId"/> and <paramref name="start"/> are null when no new time was chosen.</summary>
    public async Task<Outcome<MovedBooking>> RunAsync(long bookingId, int? placeId, DateTimeOffset? start, Func<string, bool> mayWorkAt, CancellationToken cancellationToken = default)
    {
        var moved = placeId is { } place && start is { } time
            ? await ChangeAsync(bookingId, place, time, mayWorkAt, cancellationToken)
            : BookingProblems.InvalidInput("変更先の時間を選んでから「この時間に変更する」を押してください。", "start");
        if (moved.Problem is not null)
        {
            await audit.RecordAsync(db, Action, [$"booking:{bookingId}"], AuditOutcome.Refused, cancellationToken);
        }

        return moved;
    }

    private async Task<Outcome<MovedBooking>> ChangeAsync(long bookingId, int placeId, DateTimeOffset start, Func<string, bool> mayWorkAt, CancellationToken cancellationToken)
    {
        var booking = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        if (booking is null)
        {
            return PhoneProblems.NotFound();
        }

        var current = await db.Places.AsNoTracking().SingleAsync(p => p.Id == booking.PlaceId, cancellationToken);
        if (!mayWorkAt(current.Code))
        {
            return PhoneProblems.OtherPlace(current.Name);
        }

        if (booking.Status != BookingStatus.Booked)
        {
            return PhoneProblems.NotChangeable(BookingStatusWords.Japanese(booking.Status));
        }

        var seats = new Seats(db, clock, settings);
        var bookable = await seats.CheckBookableAsync(placeId, start, cancellationToken);
        if (bookable.Problem is { } problem)
        {
            return problem;
        }

        var (place, time) = bookable.Value;
        if (!mayWorkAt(place.Code))
        {
            return PhoneProblems.OtherPlace(place.Name);
        }

        if (place.Id == booking.PlaceId && time.Start == booking.Start)
        {
            return PhoneProblems.SameTime();
        }

        return await db.InTransactionAsync<Outcome<MovedBooking>>(async () =>
        {
            await seats.LockForMoveAsync([booking], [place.Id], [time], cancellationToken);
            var moved = await seats.MoveAsync(booking, place, [time], cancellationToken);
            if (moved.Problem is { } refused)
            {
                return (false, refused);
            }

            await new CitizenNotices(db, notices).ChangedAsync(booking, place.Id, time.Start, time.End, moved.Value.SlotId, clock.GetUtcNow(), cancellationToken);
            await audit.RecordAsync(db, Action, [$"booking:{booking.Id}"], cancellationToken: cancellationToken);
            return (true, new MovedBooking(booking.Id, booking.Code, booking.PlaceId, place.Id, time.Start, time.End, booking.People));
        }, cancellationToken);
    }
}
