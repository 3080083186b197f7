using Madoguchi.Calendar;
using Madoguchi.Data;

using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages;

public sealed class IndexModel(MadoguchiDb db) : PageModel
{
    public IReadOnlyList<Place> Places { get; private set; } = [];

    public async Task OnGetAsync() => Places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
}
