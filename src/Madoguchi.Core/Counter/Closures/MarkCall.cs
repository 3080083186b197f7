using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Booking.Phone;
using Madoguchi.Notices;

namespace Madoguchi.Counter.Closures;

public sealed record CallMark(int ClosedDayId, long BookingId, CallStatus Status, string? Note);

public enum MarkStatus
{
    Marked,
    NotFound,
    Refused,
}

/// <summary>What <see cref="MarkCall"/> did; <see cref="Message"/> says why it did not, and what to do instead.</summary>
public sealed record MarkResult(MarkStatus Status, string? Message = null);

/// <summary>
/// Staff record how a call went: called (連絡した), reached (話せた), moved (移動済) or cancelled
/// (取消済), with a note, who and when. Cancelling here cancels the booking as a phone cancel does:
/// the seats go back, the phone number and e-mail are deleted, a tombstone keeps the counts.
/// Writes <c>closure.call.mark</c> (and <c>booking.cancel.closure</c> for a cancel) in the same
/// transaction, or the refusal, naming the closure and the booking.
/// </summary>
public sealed class MarkCall(MadoguchiDb db, TimeProvider clock, NoticeSettings notices, AuditTrail audit)
{
    public const int NoteLength = 400;

    public async Task<MarkResult> RunAsync(CallMark mark, int staffId, IReadOnlyCollection<int>? places, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mark);
        var result = await MarkAsync(mark, staffId, places, cancellationToken);
        if (result.Status != MarkStatus.Marked)
        {
            await audit.RecordAsync(db, "closure.call.mark", Records(mark), AuditOutcome.Refused, cancellationToken);
        }

        return result;
    }

    /// <summary>The status as the form sends it (a name, never a number); null when it is none of the list.</summary>
    public static CallStatus? ParseStatus(string? status) =>
        Enum.TryParse<CallStatus>(status, ignoreCase: true, out var chosen) && Enum.IsDefined(chosen) && !int.TryParse(status, out _) ? chosen : null;

    /// <summary>A mark whose status is none of the list never reaches <see cref="RunAsync"/>; it is recorded as refused all the same.</summary>
    public Task RefuseAsync(int closedDayId, long bookingId, CancellationToken cancellationToken = default) =>
        audit.RecordAsync(db, "closure.call.mark", [$"closure:{closedDayId}", $"booking:{bookingId}"], AuditOutcome.Refused, cancellationToken);

    private static List<string> Records(CallMark mark) => [$"closure:{mark.ClosedDayId}", $"booking:{mark.BookingId}"];

    private async Task<MarkResult> MarkAsync(CallMark mark, int staffId, IReadOnlyCollection<int>? places, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(mark.Status))
        {
            return new MarkResult(MarkStatus.Refused, "連絡の状態を一覧（未連絡・連絡した・話せた・移動済・取消済）から選んでください。");
        }

        var note = string.IsNullOrWhiteSpace(mark.Note) ? null : mark.Note.Trim();
        if (note?.Length > NoteLength)
        {
            return new MarkResult(MarkStatus.Refused, $"メモが長すぎます（{note.Length}文字）。{NoteLength}文字以内にしてください。");
        }

        var closure = await ClosureCallList.FindAsync(db, mark.ClosedDayId, places, cancellationToken);
        if (closure is null)
        {
            return new MarkResult(MarkStatus.NotFound, "この閉鎖は見つかりません（削除されたかもしれません）。閉鎖の一覧から選び直してください。");
        }

        return await db.InTransactionAsync(
            async () =>
            {
                var call = await db.ClosureCalls.SingleOrDefaultAsync(c => c.ClosedDayId == mark.ClosedDayId && c.BookingId == mark.BookingId, cancellationToken);
                var booking = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == mark.BookingId, cancellationToken);
                if (call is null || (booking is not null && places is not null && !places.Contains(booking.PlaceId)))
                {
                    return (false, new MarkResult(MarkStatus.NotFound, "この予約は連絡の一覧にありません。一覧を開き直してください。"));
                }

                if (booking is null && call.Status == CallStatus.Cancelled && mark.Status != CallStatus.Cancelled)
                {
                    return (false, new MarkResult(MarkStatus.Refused, "取り消した予約は元に戻せません。改めて予約するときは「電話での予約」から新しく予約してください。"));
                }

                if (mark.Status == CallStatus.Moved && booking is not null
                    && await ClosureCallList.Affected(db, closure, null).AnyAsync(b => b.Id == booking.Id, cancellationToken))
                {
                    return (false, new MarkResult(MarkStatus.Refused, "この予約はまだ閉鎖の時間のままです。先に「まとめて別の日へ移す」か「電話での予約」で時間を変えてから、移動済にしてください。"));
                }

                if (mark.Status == CallStatus.Cancelled && booking is not null)
                {
                    if (booking.Status is not (BookingStatus.Booked or BookingStatus.CheckedIn))
                    {
                        return (false, new MarkResult(MarkStatus.Refused, $"この予約は{(booking.Status == BookingStatus.Issued ? "交付済" : "来庁なし")}のため取り消せません。状態は「話せた」などにして、メモに残してください。"));
                    }

                    if (!await CancelAsync(booking, cancellationToken))
                    {
                        return (false, new MarkResult(MarkStatus.Refused, "この予約は、ほかの職員が先に変えました。一覧を開き直してから、もう一度選んでください。"));
                    }
                }

                call.Status = mark.Status;
                call.Note = note;
                call.StaffId = staffId;
                call.UpdatedAt = clock.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
                await audit.RecordAsync(db, "closure.call.mark", Records(mark), cancellationToken: cancellationToken);
                if (mark.Status == CallStatus.Cancelled && booking is not null)
                {
                    // A call marked 取消済 cancelled the booking: found by an auditor looking for cancels too.
                    await audit.RecordAsync(db, "booking.cancel.closure", Records(mark), cancellationToken: cancellationToken);
                }

                return (true, new MarkResult(MarkStatus.Marked));
            },
            cancellationToken);
    }

    private Task<bool> CancelAsync(PickupBooking booking, CancellationToken cancellationToken) =>
        new CancelBooking(db, notices).RunAsync(booking, BookingTombstones.ByClosure, clock.GetUtcNow(), [BookingStatus.Booked, BookingStatus.CheckedIn], cancellationToken);
}
