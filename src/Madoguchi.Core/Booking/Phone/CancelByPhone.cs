using Madoguchi.Audit;
using Madoguchi.Notices;

namespace Madoguchi.Booking.Phone;

public sealed record CancelledBooking(string Code, int PlaceId, DateTimeOffset Start, DateTimeOffset End, int People);

/// <summary>
/// Cancels a booking on the citizen's call. In one transaction the seats go back to the slot, the
/// booking row and its cards are deleted (so the phone number and e-mail are gone, not flagged),
/// and an anonymous tombstone keeps the counts; the audit entry <c>booking.cancel.phone</c> commits
/// with it. The ledger entries are not touched.
/// </summary>
public sealed class CancelByPhone(MadoguchiDb db, TimeProvider clock, NoticeSettings notices, AuditTrail audit)
{
    public const string Action = "booking.cancel.phone";

    /// <summary>The cancel, or its refusal recorded.</summary>
    public async Task<Outcome<CancelledBooking>> RunAsync(long bookingId, string? reason, int staffId, Func<string, bool> mayWorkAt, CancellationToken cancellationToken = default)
    {
        var cancelled = await CancelAsync(bookingId, reason, staffId, mayWorkAt, cancellationToken);
        if (cancelled.Problem is not null)
        {
            await audit.RecordAsync(db, Action, [$"booking:{bookingId}"], AuditOutcome.Refused, cancellationToken);
        }

        return cancelled;
    }

    private async Task<Outcome<CancelledBooking>> CancelAsync(long bookingId, string? reason, int staffId, Func<string, bool> mayWorkAt, CancellationToken cancellationToken)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return PhoneProblems.ReasonRequired();
        }

        if (reason.Length > PhoneProblems.ReasonLength)
        {
            return PhoneProblems.ReasonTooLong();
        }

        var booking = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        if (booking is null)
        {
            return PhoneProblems.NotFound();
        }

        var place = await db.Places.AsNoTracking().SingleAsync(p => p.Id == booking.PlaceId, cancellationToken);
        if (!mayWorkAt(place.Code))
        {
            return PhoneProblems.OtherPlace(place.Name);
        }

        if (booking.Status != BookingStatus.Booked)
        {
            return PhoneProblems.NotChangeable(BookingStatusWords.Japanese(booking.Status));
        }

        return await db.InTransactionAsync<Outcome<CancelledBooking>>(async () =>
        {
            var now = clock.GetUtcNow();
            if (!await new CancelBooking(db, notices).RunAsync(booking, BookingTombstones.ByPhone, now, [BookingStatus.Booked], cancellationToken))
            {
                return (false, PhoneProblems.ChangedMeanwhile());
            }

            // A closure's call list that still waits on this booking learns it was cancelled, and why.
            await db.ClosureCalls.Where(c => c.BookingId == booking.Id && c.Status != CallStatus.Cancelled)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(c => c.Status, CallStatus.Cancelled).SetProperty(c => c.Note, reason).SetProperty(c => c.StaffId, staffId).SetProperty(c => c.UpdatedAt, now),
                    cancellationToken);
            await audit.RecordAsync(db, Action, [$"booking:{booking.Id}"], cancellationToken: cancellationToken);
            return (true, new CancelledBooking(booking.Code, booking.PlaceId, booking.Start.ToCityTime(), booking.End.ToCityTime(), booking.People));
        }, cancellationToken);
    }
}
