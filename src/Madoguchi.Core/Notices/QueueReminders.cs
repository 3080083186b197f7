using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Data;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Notices;

/// <summary>
/// Writes the reminder (前日のお知らせ) for each booking of a day that has an e-mail address. Every
/// web process may run it at the set hour: each reminder's event key is unique, so a second process
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
