using Madoguchi.Data;
using Madoguchi.Ledger;
using Madoguchi.Web.Audit;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Ledger;

public sealed class EntryModel(MadoguchiDb db, OfficeAudit audit) : PageModel
{
    public LedgerEntry Entry { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id);
        if (entry is null)
        {
            return NotFound();
        }

        Entry = entry;
        await audit.RecordAsync("ledger.entry.view", [$"ledger:{entry.Id}"]);
        return Page();
    }
}
