using Madoguchi.Booking.Phone;
using Madoguchi.Notices;

namespace Madoguchi.Booking;

/// <summary>
/// The one cancel, however a booking is cancelled (the citizen online, staff by phone, a closure, a
/// destroyed or withdrawn card), inside the caller's transaction: its seats go back through the seat
/// ledger, the booking row with the phone and e-mail and its cards are deleted, and only an anonymous
/// tombstone stays for the statistics. False when the booking was changed or cancelled meanwhile (or
/// is no longer in one of the given states); nothing is then done. A booking with an e-mail address
/// gets the cancellation mail, written from the row before it goes, except when its card was
/// destroyed or withdrawn (the city tells the citizen otherwise; ADR 0012): then its mails are only forgotten.
/// </summary>
public sealed class CancelBooking(MadoguchiDb db, NoticeSettings notices)
{
    public async Task<bool> RunAsync(PickupBooking booking, string cancelledBy, DateTimeOffset now, IReadOnlyCollection<BookingStatus> cancellable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booking);

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

        await RemovedAsync(booking, seats, cancelledBy, now, cancellationToken);
        if (cancelledBy == BookingTombstones.ByDestroyedCard)
        {
            await CitizenNotices.ForgetAsync(db, booking.Id, now, cancellationToken);
            return true;
        }

        var by = cancelledBy switch
        {
            BookingTombstones.ByCitizen => CancelledBy.Citizen,
            BookingTombstones.ByClosure => CancelledBy.Closure,
            _ => CancelledBy.Staff,
        };
        await new CitizenNotices(db, notices).CancelledAsync(booking, by, now, cancellationToken);
        return true;
    }

    /// <summary>
    /// What follows the booking row's removal, wherever it was removed (here, or on PostgreSQL by the
    /// public zone's <c>cancel_booking_by_code</c>, ADR 0027): the cards go, the seats read before the
    /// removal go back, the tombstone is written.
    /// </summary>
    internal async Task RemovedAsync(PickupBooking booking, IReadOnlyList<SeatsInSlot> seats, string cancelledBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.BookedCards.Where(c => c.BookingId == booking.Id).ExecuteDeleteAsync(cancellationToken);
        await Seats.GiveBackAsync(db, seats, cancellationToken);
        db.BookingTombstones.Add(BookingTombstones.ForCancelled(booking, cancelledBy, now));
        await db.SaveChangesAsync(cancellationToken);
    }
}
