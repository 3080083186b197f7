using System.Globalization;

using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Booking.Phone;
using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Notices;
using Madoguchi.Web.Booking;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Bookings;

/// <summary>One booking as staff on the phone see it: details, a new time, or a cancel with its reason.</summary>
public sealed class BookingModel(MadoguchiDb db, TimeProvider clock, BookingSettings settings, NoticeSettings notices, SlotAvailability availability, FreshSeatCounts fresh, AuditTrail trail) : PageModel
{
    public FoundBooking? Booking { get; private set; }

    public CancelledBooking? Cancelled { get; private set; }

    public string? CancelledPlace { get; private set; }

    public Problem? Problem { get; private set; }

    /// <summary>Set after a booking was made on the caller's behalf: the code is to be read out.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Made { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Moved { get; set; }

    /// <summary>The place and day whose free times are offered for a move.</summary>
    [BindProperty(SupportsGet = true, Name = "place")]
    public int? MovePlace { get; set; }

    [BindProperty(SupportsGet = true, Name = "date")]
    public string? MoveDate { get; set; }

    public string? Reason { get; private set; }

    public IReadOnlyList<Place> Places { get; private set; } = [];

    public IReadOnlyList<SlotView> Slots { get; private set; } = [];

    public DateOnly? ShownDay { get; private set; }

    public string? DateError { get; private set; }

    public (DateOnly First, DateOnly Last) Window => settings.Window(clock.Now());

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await ShowAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostMoveAsync(long id, DateTimeOffset? start, CancellationToken cancellationToken)
    {
        var moved = await new ChangeBookingTime(db, clock, settings, notices, trail).RunAsync(id, MovePlace, start, User.MayWorkAt, cancellationToken);
        if (moved.Problem is { } problem)
        {
            Problem = problem;
            Response.StatusCode = problem.Status;
            return await ShowAsync(id, cancellationToken);
        }

        fresh.Forget(moved.Value!.FromPlaceId);
        fresh.Forget(moved.Value.PlaceId);
        return Redirect($"/office/bookings/{id}?moved=true");
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, string? reason, CancellationToken cancellationToken)
    {
        Reason = reason;
        var cancelled = await new CancelByPhone(db, clock, notices, trail).RunAsync(id, reason, User.StaffId(), User.MayWorkAt, cancellationToken);
        if (cancelled.Problem is { } problem)
        {
            Problem = problem;
            Response.StatusCode = problem.Status;
            return await ShowAsync(id, cancellationToken);
        }

        // The booking and its contact details are gone; the page says what was cancelled, once.
        Cancelled = cancelled.Value;
        CancelledPlace = await db.Places.AsNoTracking().Where(p => p.Id == Cancelled!.PlaceId).Select(p => p.Name).SingleAsync(cancellationToken);
        fresh.Forget(Cancelled!.PlaceId);
        return Page();
    }

    /// <summary>Shows the booking (recorded by <see cref="FindBookings"/>), beside a refusal when one was made.</summary>
    private async Task<IActionResult> ShowAsync(long id, CancellationToken cancellationToken)
    {
        var opened = await new FindBookings(db, trail).OpenAsync(id, User.MayWorkAt, cancellationToken);
        if (opened.Problem is not null)
        {
            return Forbid();
        }

        Booking = opened.Value;
        if (Booking is null)
        {
            // Cancelled or moved away while the clerk was on the page: say so instead of a bare 404.
            return Problem is not null ? Page() : NotFound();
        }

        if (!Booking.Changeable)
        {
            return Page();
        }

        Places = (await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken)).Where(p => User.MayWorkAt(p.Code)).ToList();
        var place = Places.FirstOrDefault(p => p.Id == (MovePlace ?? Booking.Place.Id)) ?? Booking.Place;
        MovePlace = place.Id;
        var (first, last) = Window;
        var day = DateOnly.FromDateTime(Booking.Start.DateTime);
        if (!string.IsNullOrWhiteSpace(MoveDate))
        {
            if (!DateOnly.TryParseExact(MoveDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                DateError = "日付は 2027-03-01 の形で入力してください。";
                return Page();
            }
        }

        if (day < first || day > last)
        {
            DateError = MoveDate is null ? null : $"予約できるのは {JapaneseText.Day(first)} から {JapaneseText.Day(last)} までです。その中の日にちを選んでください。";
            day = day < first ? first : last;
        }

        ShownDay = day;
        MoveDate = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Slots = (await availability.SlotsAsync(place, day, day, cancellationToken)).Where(s => s.Bookable).ToList();
        return Page();
    }
}
