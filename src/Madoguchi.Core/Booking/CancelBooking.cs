using Madoguchi.Booking.Phone;
using Madoguchi.Data;
using Madoguchi.Notices;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Booking;

/// <summary>
/// Cancels a booking inside the caller's transaction, however it is cancelled (online, by phone,
/// for a closure): its seats go back, the booking row with the phone and e-mail and its cards are
/// deleted, and only an anonymous tombstone stays for the statistics. False when the booking was
/// changed or cancelled meanwhile (or is no longer in one of the given states); nothing is then done.
/// A booking with an e-mail address gets the cancellation mail, written from the row before it goes.
/// </summary>
public sealed class CancelBooking(MadoguchiDb db, NoticeSettings notices)
{
    public async Task<bool> RunAsync(PickupBooking booking, string cancelledBy, DateTimeOffset now, IReadOnlyCollection<BookingStatus> cancellable, CancellationToken cancellationToken)
    {
        // A booking with a card already handed over is the record of that issue: it is not cancelled.
        if (await db.CardIssues.AnyAsync(i => i.BookingId == booking.Id && i.CorrectedAt == null, cancellationToken))
        {
            return false;
        }

        // Read before the delete: the booking's cards go with it (cascade).
        var seats = await Seats.SeatsOfAsync(db, booking.Id, booking.SlotId, booking.People, cancellationToken);
        var deleted = await db.Bookings
            .Where(b => b.Id == booking.Id && b.SlotId == booking.SlotId && cancellable.Contains(b.Status))
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return false;
        }

        await db.BookedCards.Where(c => c.BookingId == booking.Id).ExecuteDeleteAsync(cancellationToken);
        await Seats.GiveBackAsync(db, seats, cancellationToken);
        db.BookingTombstones.Add(BookingTombstones.ForCancelled(booking, cancelledBy, now));
        await db.SaveChangesAsync(cancellationToken);
        var by = cancelledBy switch
        {
            BookingTombstones.ByCitizen => CancelledBy.Citizen,
            BookingTombstones.ByClosure => CancelledBy.Closure,
            _ => CancelledBy.Staff,
        };
        await new CitizenNotices(db, notices).CancelledAsync(booking, by, now, cancellationToken);
        return true;
    }
}
