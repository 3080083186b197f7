using Madoguchi.Calendar;
using Madoguchi.Counter;
using Madoguchi.Data;
using Madoguchi.Staff;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Counter;

/// <summary>What every counter page shares: the places the signed-in staff member works at, and how a refusal is shown.</summary>
public abstract class CounterPageModel(MadoguchiDb db) : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    public Problem? Problem { get; protected set; }

    /// <summary>The places this staff member may work at (a branch centre's staff: their centre only).</summary>
    public IReadOnlyList<Place> Places { get; private set; } = [];

    protected IReadOnlyCollection<string> Allowed => Places.Select(p => p.Code).ToList();

    /// <summary>パート work the day's counter only (today); other roles any day.</summary>
    protected DateOnly? OnlyDay(TimeProvider clock) => User.IsInRole(nameof(StaffRole.PartTimer)) ? clock.Today() : null;

    protected async Task LoadPlacesAsync(CancellationToken cancellationToken) =>
        Places = await CounterReads.PlacesAsync(db, User.MayWorkAt, cancellationToken);

    /// <summary>Shows the refusal on the page, answered with the problem's status (403 for a place the staff member does not work at).</summary>
    protected IActionResult Refused(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Problem = problem;
        Response.StatusCode = problem.Status;
        return Page();
    }

    public string? Invalid(string field) => Problem?.Field == field ? "true" : null;

    /// <summary>The input's hint and, when the refusal is about this input, the alert that says why.</summary>
    public string? DescribedBy(string field, string? hint = null) =>
        string.Join(' ', new[] { hint, Problem?.Field == field ? "problem" : null }.OfType<string>()) is { Length: > 0 } ids ? ids : null;
}
