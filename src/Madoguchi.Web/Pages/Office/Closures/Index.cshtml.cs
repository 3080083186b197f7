using Madoguchi.Audit;
using Madoguchi.Counter.Closures;
using Madoguchi.Data;

using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Closures;

/// <summary>Closures from today on, each with the bookings it meets and the calls still to make.</summary>
public sealed class IndexModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : PageModel
{
    public IReadOnlyList<ClosureSummary> Closures { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var places = await ClosureView.PlacesOfAsync(db, User, cancellationToken);
        Closures = await new ClosureCallList(db, clock, trail).UpcomingAsync(places, cancellationToken);
    }
}
