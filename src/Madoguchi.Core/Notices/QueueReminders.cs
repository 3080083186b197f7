using Madoguchi.Booking;
using Madoguchi.Calendar;

namespace Madoguchi.Notices;

/// <summary>
/// Writes the reminder (前日のお知らせ) for each booking of a day that has an e-mail address and
/// is met by no closure. Every web process runs it on each round from the set hour on (so a booking
/// made later that evening is reminded too): each reminder's event key is unique, so a second process
/// finds the mail there (or loses the insert race) and adds nothing.
/// </summary>
public sealed class QueueReminders(MadoguchiDb db, TimeProvider clock, NoticeSettings settings)
{
    /// <returns>How many reminders this call wrote.</returns>
    public async Task<int> RunAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var from = SlotSchedule.At(day, TimeOnly.MinValue);
        var until = SlotSchedule.At(day.AddDays(1), TimeOnly.MinValue);
        var bookings = await db.Bookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Booked && b.Email != null && b.Start >= from && b.Start < until)
            .OrderBy(b => b.Id)
            .ToListAsync(cancellationToken);
        // A booking met by a closure (the city's closed day, or its place closed over its time) was told
        // so and waits for the office's call: a reminder to come would say the opposite.
        var closures = await db.ClosedDays.AsNoTracking().Where(c => c.Date == day).ToListAsync(cancellationToken);
        bookings = bookings.Where(b => !closures.Any(c => (c.PlaceId == null || c.PlaceId == b.PlaceId)
            && c.Covers(TimeOnly.FromDateTime(b.Start.ToCityTime().DateTime), TimeOnly.FromDateTime(b.End.ToCityTime().DateTime)))).ToList();
        var keys = bookings.Select(CitizenNotices.ReminderKey).ToList();
        var written = await db.Outbox.Where(m => keys.Contains(m.EventKey)).Select(m => m.EventKey).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var booking in bookings.Where(b => !written.Contains(CitizenNotices.ReminderKey(b))))
        {
            try
            {
                count += await db.InTransactionAsync(
                    async () =>
                    {
                        // Only if the booking is still as read: not cancelled or moved meanwhile.
                        if (!await db.Bookings.AnyAsync(b => b.Id == booking.Id && b.SlotId == booking.SlotId && b.Status == BookingStatus.Booked, cancellationToken))
                        {
                            return (false, 0);
                        }

                        await new CitizenNotices(db, settings).ReminderAsync(booking, clock.GetUtcNow(), cancellationToken);
                        return (true, 1);
                    },
                    cancellationToken);
            }
            catch (DbUpdateException e) when (Seats.IsUniqueViolation(e))
            {
                // Another process wrote this reminder first.
                db.ChangeTracker.Clear();
            }
        }

        return count;
    }
}
