using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Counter.Closures;
using Madoguchi.Data;
using Madoguchi.Notices;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Closures;

/// <summary>
/// The call list of one closure (R4): each booking it meets with the phone number, worked
/// through by marking each call. Cancelling asks once more, because it deletes the booking.
/// </summary>
public sealed class CallsModel(MadoguchiDb db, TimeProvider clock, NoticeSettings notices, AuditTrail trail) : PageModel
{
    public static readonly CallStatus[] Choices = [CallStatus.NotCalled, CallStatus.Called, CallStatus.Reached, CallStatus.Moved, CallStatus.Cancelled];

    [TempData]
    public string? Notice { get; set; }

    public string? Problem { get; private set; }

    public CallList List { get; private set; } = null!;

    /// <summary>A cancel waiting for its confirmation, with the note typed with it.</summary>
    public CallLine? PendingCancel { get; private set; }

    public string? PendingNote { get; private set; }

    /// <summary>The booking whose form was just used, to take the focus back to it.</summary>
    public long? Focus { get; private set; }

    public async Task<IActionResult> OnGetAsync(int closedDayId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(closedDayId, cancellationToken))
        {
            return NotFound();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostMarkAsync(int closedDayId, long bookingId, string? status, string? note, string? confirm, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(closedDayId, cancellationToken))
        {
            return NotFound();
        }

        Focus = bookingId;
        var line = List.Lines.FirstOrDefault(l => l.BookingId == bookingId);
        var markCall = new MarkCall(db, clock, notices, trail);
        if (MarkCall.ParseStatus(status) is not { } chosen)
        {
            Problem = "連絡の状態を一覧（未連絡・連絡した・話せた・移動済・取消済）から選んでください。 / Choose a call status.";
            await markCall.RefuseAsync(closedDayId, bookingId, cancellationToken);
            return Page();
        }

        if (chosen == CallStatus.Cancelled && line?.Booking is not null && confirm != "yes")
        {
            // Nothing changes until the cancel is confirmed; the list is shown again.
            PendingCancel = line;
            PendingNote = note;
            return Page();
        }

        var places = await ClosureView.PlacesOfAsync(db, User, cancellationToken);
        var result = await markCall.RunAsync(new CallMark(closedDayId, bookingId, chosen, note), User.StaffId(), places, cancellationToken);
        if (result.Status != MarkStatus.Marked)
        {
            Problem = result.Message;
            return Page();
        }

        var code = line?.Booking?.Code ?? "";
        Notice = chosen == CallStatus.Cancelled && line?.Booking is not null
            ? $"予約 {code} を取り消しました。席を戻し、電話番号とメールアドレスを消しました。 / Booking {code} cancelled."
            : $"予約 {code} を「{chosen.Japanese()}」にしました。 / Marked {chosen.English()}.";
        return Redirect($"/office/closures/{closedDayId}#call-{bookingId}");
    }

    public bool Editable(CallLine line) => line.Booking is not null || line.Status != CallStatus.Cancelled;

    public string CallState(CallLine line) => line.Booking is null && line.Status == CallStatus.Cancelled ? "取消済（予約は削除）" : line.Status.Japanese();

    private async Task<bool> LoadAsync(int closedDayId, CancellationToken cancellationToken)
    {
        var places = await ClosureView.PlacesOfAsync(db, User, cancellationToken);
        var list = await new ClosureCallList(db, clock, trail).OpenAsync(closedDayId, places, CallListUse.View, cancellationToken);
        if (list is null)
        {
            return false;
        }

        List = list;
        return true;
    }

    public static string StatusOf(PickupBooking booking) => booking.Status switch
    {
        BookingStatus.CheckedIn => "来庁済み",
        BookingStatus.Issued => "交付済",
        BookingStatus.NoShow => "来庁なし",
        _ => "",
    };
}
