using Madoguchi.Audit;
using Madoguchi.Counter.Closures;
using Madoguchi.Data;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Closures;

/// <summary>The call list on A4 paper, with room to write how each call went.</summary>
public sealed class PrintModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : PageModel
{
    public CallList List { get; private set; } = null!;

    public DateTimeOffset PrintedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(int closedDayId, CancellationToken cancellationToken)
    {
        var places = await ClosureView.PlacesOfAsync(db, User, cancellationToken);
        var list = await new ClosureCallList(db, clock, trail).OpenAsync(closedDayId, places, CallListUse.Print, cancellationToken);
        if (list is null)
        {
            return NotFound();
        }

        List = list;
        PrintedAt = clock.GetUtcNow();
        return Page();
    }
}
