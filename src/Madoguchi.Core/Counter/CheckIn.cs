using Madoguchi.Audit;
using Madoguchi.Booking;

namespace Madoguchi.Counter;

/// <summary>
/// Records that the citizen arrived (来庁) and at which counter they are served. Only on the booking's
/// day; a checked-in booking may move to another counter. Writes <c>counter.checkin</c> in its own
/// transaction, or the refusal with the booking and its cards' ledger entries.
/// </summary>
public sealed class CheckIn(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    public async Task<Outcome<PickupBooking>> RunAsync(long bookingId, int? counter, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken = default)
    {
        var done = await CheckInAsync(bookingId, counter, allowedPlaces, cancellationToken);
        if (done.Problem is { } problem)
        {
            await audit.RecordAsync(db, "counter.checkin", await CounterReads.ShownRecordsAsync(db, bookingId, problem, cancellationToken), AuditOutcome.Refused, cancellationToken);
        }

        return done;
    }

    private async Task<Outcome<PickupBooking>> CheckInAsync(long bookingId, int? counter, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        var found = await CounterReads.BookingAtAsync(db, db.Bookings, bookingId, allowedPlaces, cancellationToken);
        if (found.Problem is { } refused)
        {
            return refused;
        }

        var (booking, place) = found.Value;
        switch (booking.Status)
        {
            case BookingStatus.Issued:
                return CounterProblems.Refused("wrong-status", "この予約のカードはすべて交付済みです。来庁の記録は変えられません。");
            case BookingStatus.NoShow:
                return CounterProblems.Refused("wrong-status", "この予約は「来庁なし」として記録済みで、カードの予約も外れています。管理番号で検索して、予約なしの交付で対応してください。");
        }

        var day = CounterWords.DayOf(booking.Start);
        if (day != clock.Today())
        {
            return CounterProblems.Refused("not-today", $"この予約は {CounterWords.Day(day)} の予約です。来庁の記録は予約の日にだけできます。日にちが違う方は、予約の取り消しを職員（係長・職員）に頼んでから、予約なしの交付で対応してください。");
        }

        if (counter is not { } n || n < 1 || n > place.Counters)
        {
            return CounterProblems.Refused("counter-invalid", $"窓口の番号を 1〜{place.Counters} から選んでください。", "counter");
        }

        var now = clock.GetUtcNow();
        return await db.InTransactionAsync<Outcome<PickupBooking>>(async () =>
        {
            var updated = booking.Status == BookingStatus.Booked
                ? await db.Bookings.Where(b => b.Id == bookingId && b.Status == BookingStatus.Booked)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BookingStatus.CheckedIn).SetProperty(b => b.CheckedInAt, now).SetProperty(b => b.Counter, n), cancellationToken)
                : await db.Bookings.Where(b => b.Id == bookingId && b.Status == BookingStatus.CheckedIn)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.Counter, n), cancellationToken);
            if (updated == 0)
            {
                return (false, CounterProblems.Refused("changed", "ほかの窓口でこの予約が先に操作されました。画面を開き直して、今の状態を確かめてください。"));
            }

            var result = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == bookingId, cancellationToken);
            await audit.RecordAsync(db, "counter.checkin", [$"booking:{bookingId}"], cancellationToken: cancellationToken);
            return (true, result);
        }, cancellationToken);
    }
}
