using Madoguchi.Audit;
using Madoguchi.Booking;

namespace Madoguchi.Counter;

/// <summary>
/// Records that the citizen did not come (来庁なし), once the booked time has ended. The booking's
/// cards are released so the citizen can book again; the seat stays counted, since its time has passed.
/// Writes <c>counter.noshow</c> in its own transaction, or the refusal with the booking and its cards' ledger entries.
/// </summary>
public sealed class MarkNoShow(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    public async Task<Outcome<PickupBooking>> RunAsync(long bookingId, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken = default)
    {
        var done = await MarkAsync(bookingId, allowedPlaces, cancellationToken);
        if (done.Problem is { } problem)
        {
            await audit.RecordAsync(db, "counter.noshow", await CounterReads.ShownRecordsAsync(db, bookingId, problem, cancellationToken), AuditOutcome.Refused, cancellationToken);
        }

        return done;
    }

    private async Task<Outcome<PickupBooking>> MarkAsync(long bookingId, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        var found = await CounterReads.BookingAtAsync(db, db.Bookings, bookingId, allowedPlaces, cancellationToken);
        if (found.Problem is { } refused)
        {
            return refused;
        }

        var booking = found.Value.Booking;

        switch (booking.Status)
        {
            case BookingStatus.CheckedIn:
            case BookingStatus.Issued:
                return CounterProblems.Refused("wrong-status", "この予約は来庁を記録済みのため、「来庁なし」にはできません。記録に誤りがあるときは係長に相談してください。");
            case BookingStatus.NoShow:
                return CounterProblems.Refused("wrong-status", "この予約はすでに「来庁なし」として記録されています。");
        }

        if (clock.GetUtcNow() < booking.End)
        {
            return CounterProblems.Refused("too-early", $"予約の時間（{CounterWords.Time(booking.Start)}〜{CounterWords.Time(booking.End)}）が終わるまでは「来庁なし」にできません。{CounterWords.Day(CounterWords.DayOf(booking.End))} {CounterWords.Time(booking.End)} を過ぎてから操作してください。");
        }

        return await db.InTransactionAsync<Outcome<PickupBooking>>(async () =>
        {
            var updated = await db.Bookings.Where(b => b.Id == bookingId && b.Status == BookingStatus.Booked)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BookingStatus.NoShow), cancellationToken);
            if (updated == 0)
            {
                return (false, CounterProblems.Refused("changed", "ほかの窓口でこの予約が先に操作されました。画面を開き直して、今の状態を確かめてください。"));
            }

            await db.BookedCards.Where(c => c.BookingId == bookingId && c.Active)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Active, false), cancellationToken);
            var result = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == bookingId, cancellationToken);
            await audit.RecordAsync(db, "counter.noshow", [$"booking:{bookingId}"], cancellationToken: cancellationToken);
            return (true, result);
        }, cancellationToken);
    }
}
