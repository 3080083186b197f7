using Madoguchi.Audit;
using Madoguchi.Counter;
using Madoguchi.Data;
using Madoguchi.Web.Audit;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;

namespace Madoguchi.Web.Pages.Office.Counter;

/// <summary>Corrects a mistaken issue with a reason: the record stays, marked corrected; the card is ready again.</summary>
public sealed class CorrectModel(MadoguchiDb db, TimeProvider clock, OfficeAudit audit) : CounterPageModel(db)
{
    private readonly MadoguchiDb _db = db;

    [BindProperty(Name = "reason")]
    public string? Reason { get; set; }

    public IssueToCorrect? Shown { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        return await ShowAsync("counter.correction.view", id, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        var done = await new CorrectIssue(_db, clock).RunAsync(id, Reason, User.StaffId(), Allowed, cancellationToken);
        if (done.Problem is { } problem)
        {
            return await ShowAsync("counter.correct", id, problem, cancellationToken);
        }

        var issue = done.Value!.Issued.Issue;
        await audit.RecordAsync("counter.correct", Records(id, done.Value));
        Notice = $"管理番号 {issue.ManagementNumber} の交付を訂正しました。交付管理簿は「交付待ち」に戻り、訂正の理由を記録しました。";
        return Redirect(issue.BookingId is { } bookingId
            ? $"/office/counter/bookings/{bookingId}"
            : $"/office/counter/find?q={Uri.EscapeDataString(issue.ManagementNumber)}&place={Uri.EscapeDataString(done.Value.Place.Code)}");
    }

    private async Task<IActionResult> ShowAsync(string action, long id, Problem? problem, CancellationToken cancellationToken)
    {
        var read = await new CorrectIssue(_db, clock).ReadAsync(id, Allowed, cancellationToken);
        if (read.Problem is { } refused)
        {
            var page = Refused(refused);
            await audit.RecordAsync(action, [$"issue:{id}"], AuditOutcome.Refused);
            return page;
        }

        Shown = read.Value;
        await audit.RecordAsync(action, Records(id, Shown!), problem is null ? AuditOutcome.Ok : AuditOutcome.Refused);
        return problem is null ? Page() : Refused(problem);
    }

    private static List<string> Records(long id, IssueToCorrect issue) =>
        [$"issue:{id}", .. issue.Issued.Issue.BookingId is { } booking ? [$"booking:{booking}"] : Array.Empty<string>(), .. issue.Entry is { } entry ? [$"ledger:{entry.Id}"] : Array.Empty<string>()];
}
