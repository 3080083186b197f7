using Madoguchi.Data;
using Madoguchi.Ledger;

using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Ledger;

public sealed class ImportsModel(MadoguchiDb db) : PageModel
{
    public IReadOnlyList<LedgerImport> Imports { get; private set; } = [];

    public async Task OnGetAsync() =>
        Imports = await db.LedgerImports.AsNoTracking().OrderByDescending(i => i.Id).Take(500).ToListAsync();
}
