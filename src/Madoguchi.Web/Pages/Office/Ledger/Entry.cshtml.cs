using Madoguchi.Ledger;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Ledger;

public sealed class EntryModel(ReadLedger ledger) : PageModel
{
    public LedgerEntry Entry { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await ledger.EntryAsync(id, cancellationToken) is not { } entry)
        {
            return NotFound();
        }

        Entry = entry;
        return Page();
    }
}
