using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Web.Booking;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Book;

public sealed class PlaceModel(BookingPass pass, MadoguchiDb db) : FlowModel(pass)
{
    public IReadOnlyList<Place> Places { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (RequirePass() is { } back)
        {
            return back;
        }

        Places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return Page();
    }
}
