using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Counter;
using Madoguchi.Data;
using Madoguchi.Ledger;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Counter;

/// <summary>
/// One booking at the counter: check-in with the counter, then each card handed over in two steps
/// (the number typed or scanned, then the ledger's name and date of birth confirmed against the ID
/// document), or no-show after the booked time.
/// </summary>
public sealed class BookingModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : CounterPageModel(db)
{
    private readonly MadoguchiDb _db = db;

    [BindProperty(SupportsGet = true, Name = "number")]
    public string? Number { get; set; }

    [BindProperty(Name = "confirmed")]
    public bool Confirmed { get; set; }

    [BindProperty(Name = "counter")]
    public int? ChosenCounter { get; set; }

    public OpenedBooking? Opened { get; private set; }

    /// <summary>The card the typed number matched, shown with its name and date of birth for the clerk to confirm.</summary>
    public LedgerEntry? Checked { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public bool IsToday { get; private set; }

    public bool Ended { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (Opened!.Booking.Status == BookingStatus.CheckedIn && !string.IsNullOrWhiteSpace(Number))
        {
            // The typed number's name and date of birth are shown for the ID check: the first step of an issue.
            var check = await new IssueCard(_db, clock, trail).CheckAsync(id, Number, Allowed, cancellationToken);
            Checked = check.Value;
            Problem = check.Problem;
            return Page();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostCheckInAsync(long id, CancellationToken cancellationToken)
    {
        if (await OtherDayAsync(id, cancellationToken) is { } otherDay)
        {
            return otherDay;
        }

        var done = await new CheckIn(_db, clock, trail).RunAsync(id, ChosenCounter, Allowed, cancellationToken);
        if (done.Problem is { } problem)
        {
            return await ShowAgainAsync(id, problem, cancellationToken);
        }

        Notice = $"来庁を記録しました（窓口{done.Value!.Counter}）。カードの管理番号を読み取って交付へ進んでください。";
        return Redirect($"/office/counter/bookings/{id}");
    }

    public async Task<IActionResult> OnPostIssueAsync(long id, CancellationToken cancellationToken)
    {
        if (await OtherDayAsync(id, cancellationToken) is { } otherDay)
        {
            return otherDay;
        }

        var done = await new IssueCard(_db, clock, trail).ForBookingAsync(id, Number, Confirmed, User.StaffId(), Allowed, cancellationToken);
        if (done.Problem is { } problem)
        {
            if (problem.Code == "not-confirmed")
            {
                Checked = (await new IssueCard(_db, clock, trail).CheckAsync(id, Number, Allowed, cancellationToken)).Value;
            }

            return await ShowAgainAsync(id, problem, cancellationToken);
        }

        var number = done.Value!.ManagementNumber;
        var name = await _db.LedgerEntries.Where(e => e.ManagementNumber == number).Select(e => e.Name).SingleAsync(cancellationToken);
        var status = await _db.Bookings.Where(b => b.Id == id).Select(b => b.Status).SingleAsync(cancellationToken);
        Notice = $"管理番号 {number}（{name}）を交付済みにしました。"
            + (status == BookingStatus.Issued ? "この予約のカードはすべて交付済みです。" : "続けて次のカードの管理番号を読み取ってください。");
        return Redirect($"/office/counter/bookings/{id}");
    }

    public async Task<IActionResult> OnPostNoShowAsync(long id, CancellationToken cancellationToken)
    {
        if (await OtherDayAsync(id, cancellationToken) is { } otherDay)
        {
            return otherDay;
        }

        var done = await new MarkNoShow(_db, clock, trail).RunAsync(id, Allowed, cancellationToken);
        if (done.Problem is { } problem)
        {
            return await ShowAgainAsync(id, problem, cancellationToken);
        }

        Notice = "「来庁なし」を記録しました。カードの予約は外れたので、この方はもう一度予約できます。";
        return Redirect($"/office/counter/bookings/{id}");
    }

    public string DayListLink => Opened is { } o
        ? $"/office/counter?place={Uri.EscapeDataString(o.Place.Code)}&date={o.Booking.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}"
        : "/office/counter";

    /// <summary>
    /// A パート's action on another day's booking is refused before the feature is called: opening
    /// the booking for them is refused, and recorded so; null otherwise.
    /// </summary>
    private async Task<IActionResult?> OtherDayAsync(long id, CancellationToken cancellationToken)
    {
        if (OnlyDay(clock) is null)
        {
            await LoadPlacesAsync(cancellationToken);
            return null;
        }

        return await LoadAsync(id, cancellationToken);
    }

    /// <summary>The booking shown again beside a refusal the feature has recorded.</summary>
    private async Task<IActionResult> ShowAgainAsync(long id, Problem problem, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Refused(problem);

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        Now = clock.Now();
        var opened = await new OpenBooking(_db, trail) { OnlyDay = OnlyDay(clock) }.RunAsync(id, Allowed, cancellationToken);
        if (opened.Problem is { } problem)
        {
            var page = Refused(problem);
            return page;
        }

        Opened = opened.Value;
        IsToday = Opened!.Booking.Day == DateOnly.FromDateTime(Now.DateTime);
        Ended = Now >= Opened.Booking.End;
        return null;
    }
}
