using System.Globalization;

using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Counter.Closures;
using Madoguchi.Data;
using Madoguchi.Notices;
using Madoguchi.Web.Audit;
using Madoguchi.Web.Booking;
using Madoguchi.Web.Pages.Office.Calendar;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Closures;

/// <summary>Moves all of a closure's bookings to another day (and place) in one go, or names the bookings that would find no seat.</summary>
[FreshPassword]
public sealed class MoveModel(MadoguchiDb db, TimeProvider clock, BookingSettings settings, NoticeSettings notices, AuditTrail trail, FreshSeatCounts fresh) : PageModel
{
    [BindProperty]
    public string? Date { get; set; }

    [BindProperty]
    public string? PlaceId { get; set; }

    public ClosedDay Closure { get; private set; } = null!;

    public string? ClosurePlace { get; private set; }

    public IReadOnlyList<PickupBooking> ToMove { get; private set; } = [];

    public int CheckedIn { get; private set; }

    public IReadOnlyList<Place> Places { get; private set; } = [];

    public IReadOnlyDictionary<int, string> PlaceNames { get; private set; } = new Dictionary<int, string>();

    public (DateOnly First, DateOnly Last) Window { get; private set; }

    public MoveResult? Result { get; private set; }

    public string? Problem { get; private set; }

    public IReadOnlyDictionary<string, string> Errors => Result?.Errors ?? new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(int closedDayId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(closedDayId, cancellationToken))
        {
            return NotFound();
        }

        Date = (await new MoveClosureBookings(db, clock, settings, notices, trail).FirstOpenDayAsync(Closure, cancellationToken))?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        PlaceId = Closure.PlaceId?.ToString(CultureInfo.InvariantCulture) ?? "";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int closedDayId, CancellationToken cancellationToken)
    {
        var places = await ClosureView.PlacesOfAsync(db, User, cancellationToken);
        var result = await new MoveClosureBookings(db, clock, settings, notices, trail).RunAsync(new MoveRequest(closedDayId, Date, PlaceId), User.StaffId(), places, cancellationToken);
        if (result.Status == MoveStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Status == MoveStatus.Moved)
        {
            // Seats moved between slots: the free-seat answers must not wait for their cache to run out.
            fresh.ForgetAll();
            var first = result.Moved[0];
            TempData["Notice"] = $"{result.Moved.Count} 件の予約を {ClosedDaysModel.DayText(DateOnly.FromDateTime(first.To.DateTime))} へ移し、連絡を「移動済」にしました。新しい時刻は一覧の「移動先」に出ています。予約した方へ新しい日時を知らせてください。"
                + (result.CheckedIn > 0 ? $"来庁済みの {result.CheckedIn} 件はそのままです。" : "")
                + $" / Moved {result.Moved.Count} bookings.";
            return Redirect($"/office/closures/{closedDayId}");
        }

        // Nothing moved: the bookings that found no seat, or none at all.
        await LoadAsync(closedDayId, cancellationToken);
        Result = result;
        if (result.Status == MoveStatus.NothingToMove)
        {
            Problem = "移す予約はありません（すでに移したか、取り消されました）。連絡の一覧を確かめてください。 / Nothing to move.";
        }

        return Page();
    }

    public string? Error(string field) => Errors.GetValueOrDefault(field);

    public string? Invalid(string field) => Errors.ContainsKey(field) ? "true" : null;

    public string? DescribedBy(string field, string? hint = null) =>
        string.Join(' ', new[] { hint, Errors.ContainsKey(field) ? field + "-error" : null }.OfType<string>()) is { Length: > 0 } ids ? ids : null;

    private async Task<bool> LoadAsync(int closedDayId, CancellationToken cancellationToken)
    {
        var places = await ClosureView.PlacesOfAsync(db, User, cancellationToken);
        var closure = await ClosureCallList.FindAsync(db, closedDayId, places, cancellationToken);
        if (closure is null)
        {
            return false;
        }

        Closure = closure;
        var all = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        PlaceNames = all.ToDictionary(p => p.Id, p => p.Name);
        Places = [.. all.Where(p => places is null || places.Contains(p.Id))];
        ClosurePlace = closure.PlaceId is { } id ? PlaceNames.GetValueOrDefault(id) : null;
        var affected = await ClosureCallList.Affected(db, closure, places).AsNoTracking().OrderBy(b => b.Start).ThenBy(b => b.Id).ToListAsync(cancellationToken);
        ToMove = [.. affected.Where(b => b.Status == BookingStatus.Booked)];
        CheckedIn = affected.Count - ToMove.Count;
        Window = settings.Window(clock.Now());
        return true;
    }
}
