using Madoguchi.Audit;
using Madoguchi.Counter;
using Madoguchi.Data;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Counter;

/// <summary>
/// One input for what is in the clerk's hand: a booking code (a QR reader types it) opens the
/// booking; a postcard's number opens today's booking of the card, or its ledger entry with the
/// walk-in issue (R5).
/// </summary>
public sealed class FindModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : CounterPageModel(db)
{
    private readonly MadoguchiDb _db = db;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "place")]
    public string? PlaceCode { get; set; }

    [BindProperty(Name = "shown")]
    public string? Shown { get; set; }

    [BindProperty(Name = "number")]
    public string? Number { get; set; }

    [BindProperty(Name = "counter")]
    public int? ChosenCounter { get; set; }

    [BindProperty(Name = "confirmed")]
    public bool Confirmed { get; set; }

    public FoundCard? Card { get; private set; }

    /// <summary>係長 and 職員 cancel bookings on the phone pages; パート ask them.</summary>
    public bool MayCancel => User.IsIn(Madoguchi.Staff.StaffRole.Supervisor, Madoguchi.Staff.StaffRole.Clerk);

    /// <summary>The place the walk-in form offers first: the one the clerk came from, or their first place.</summary>
    public Madoguchi.Calendar.Place? WalkInPlace => Places.FirstOrDefault(p => p.Code == PlaceCode) ?? Places.FirstOrDefault();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(Query))
        {
            return Page();
        }

        var found = await new FindAtCounter(_db, clock, trail) { OnlyDay = OnlyDay(clock), MayCancel = MayCancel }.RunAsync(Query, Allowed, cancellationToken);
        if (found.Problem is { } problem)
        {
            return Refused(problem);
        }

        if (found.Value!.BookingId is { } bookingId)
        {
            return Redirect($"/office/counter/bookings/{bookingId}");
        }

        Card = found.Value.Card;
        return Page();
    }

    public async Task<IActionResult> OnPostWalkInAsync(CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        var done = await new IssueCard(_db, clock, trail).WalkInAsync(new WalkInRequest(Shown, Number, PlaceCode, ChosenCounter, Confirmed), User.StaffId(), Allowed, cancellationToken);
        if (done.Problem is { } problem)
        {
            Query = Shown;
            var again = await new FindAtCounter(_db, clock, trail) { MayCancel = MayCancel }.RunAsync(Shown, Allowed, cancellationToken);
            Card = again.Value?.Card;
            return Refused(problem);
        }

        var issue = done.Value!;
        Notice = $"管理番号 {issue.ManagementNumber} を予約なしで交付済みにしました（窓口{issue.Counter}）。";
        return Redirect($"/office/counter/find?q={Uri.EscapeDataString(issue.ManagementNumber)}&place={Uri.EscapeDataString(PlaceCode ?? "")}");
    }

}
