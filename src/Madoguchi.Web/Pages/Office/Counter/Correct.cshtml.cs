using Madoguchi.Audit;
using Madoguchi.Counter;
using Madoguchi.Data;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;

namespace Madoguchi.Web.Pages.Office.Counter;

/// <summary>Corrects a mistaken issue with a reason: the record stays, marked corrected; the card is ready again.</summary>
public sealed class CorrectModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : CounterPageModel(db)
{
    private readonly MadoguchiDb _db = db;

    [BindProperty(Name = "reason")]
    public string? Reason { get; set; }

    public IssueToCorrect? Shown { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        return await ShowAsync(id, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        var done = await new CorrectIssue(_db, clock, trail).RunAsync(id, Reason, User.StaffId(), Allowed, cancellationToken);
        if (done.Problem is { } problem)
        {
            return await ShowAsync(id, problem, cancellationToken);
        }

        var issue = done.Value!.Issued.Issue;
        Notice = $"管理番号 {issue.ManagementNumber} の交付を訂正しました。交付管理簿は「交付待ち」に戻り、訂正の理由を記録しました。";
        return Redirect(issue.BookingId is { } bookingId
            ? $"/office/counter/bookings/{bookingId}"
            : $"/office/counter/find?q={Uri.EscapeDataString(issue.ManagementNumber)}&place={Uri.EscapeDataString(done.Value.Place.Code)}");
    }

    /// <summary>The issue to correct; opening it records <c>counter.correction.view</c>, a refused correction shows it again.</summary>
    private async Task<IActionResult> ShowAsync(long id, Problem? problem, CancellationToken cancellationToken)
    {
        var read = await new CorrectIssue(_db, clock, trail).OpenAsync(id, Allowed, cancellationToken);
        if (read.Problem is { } refused)
        {
            return Refused(refused);
        }

        Shown = read.Value;
        return problem is null ? Page() : Refused(problem);
    }
}
