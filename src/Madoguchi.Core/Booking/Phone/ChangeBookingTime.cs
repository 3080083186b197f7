using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Notices;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Booking.Phone;

public sealed record MovedBooking(long Id, string Code, int FromPlaceId, int PlaceId, DateTimeOffset Start, DateTimeOffset End, int People);

/// <summary>
/// Moves a booking to another time (or place) on the citizen's call. In one transaction the new
/// slot's seats are taken by the conditional update and the old slot's given back, so a full
/// target leaves the booking exactly as it was. The cards and contact details stay with the booking.
/// </summary>
public sealed class ChangeBookingTime(MadoguchiDb db, TimeProvider clock, BookingSettings settings, NoticeSettings notices)
{
    public async Task<Outcome<MovedBooking>> RunAsync(long bookingId, int placeId, DateTimeOffset start, Func<string, bool> mayWorkAt, CancellationToken cancellationToken = default)
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
            var members = await Seats.MemberSlotsAsync(db, [booking.Id], cancellationToken);
            await seats.LockSlotsAsync([booking.Id], [booking.SlotId, .. members], [place.Id], [time], cancellationToken);
            var taken = await seats.TakeAsync(place, time, booking.People, cancellationToken);
            if (taken.Problem is { } full)
            {
                return (false, full);
            }

            var slotId = taken.Value;
            // Only if nobody moved, cancelled or checked it in since it was read.
            var moved = await db.Bookings
                .Where(b => b.Id == booking.Id && b.SlotId == booking.SlotId && b.Status == BookingStatus.Booked)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(b => b.SlotId, slotId).SetProperty(b => b.PlaceId, place.Id).SetProperty(b => b.Start, time.Start).SetProperty(b => b.End, time.End),
                    cancellationToken);
            if (moved == 0)
            {
                return (false, PhoneProblems.ChangedMeanwhile());
            }

            // A family on consecutive times (ADR 0020) gives back each member's seat and comes together at the new time.
            await Seats.GiveBackAsync(db, await Seats.SeatsOfAsync(db, booking.Id, booking.SlotId, booking.People, cancellationToken), cancellationToken);
            await db.BookedCards.Where(c => c.BookingId == booking.Id && c.SlotId != null).ExecuteUpdateAsync(s => s.SetProperty(c => c.SlotId, (long?)null), cancellationToken);
            await new CitizenNotices(db, notices).ChangedAsync(booking, place.Id, time.Start, time.End, slotId, clock.GetUtcNow(), cancellationToken);
            return (true, new MovedBooking(booking.Id, booking.Code, booking.PlaceId, place.Id, time.Start, time.End, booking.People));
        }, cancellationToken);
    }
}
