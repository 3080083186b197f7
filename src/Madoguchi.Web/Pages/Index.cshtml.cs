using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Demo;

using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages;

public sealed class IndexModel(MadoguchiDb db, DatabaseSettings database, SiteSettings site, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Place> Places { get; private set; } = [];

    public bool Demo => site.Demo;

    /// <summary>In training mode, the fictional postcards that can be booked with now.</summary>
    public IReadOnlyList<DemoPostcard> Postcards { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        if (site.Demo)
        {
            Postcards = await SeedDemoData.BookablePostcardsAsync(db, clock, mayReadCardKeys: !database.ReadOnlySchema);
        }
    }
}
