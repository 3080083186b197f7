using Madoguchi.Data;
using Madoguchi.Ledger;

using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office;

public sealed class IndexModel(MadoguchiDb db) : PageModel
{
    public int Entries { get; private set; }

    public int Ready { get; private set; }

    public int Imports { get; private set; }

    public async Task OnGetAsync()
    {
        Entries = await db.LedgerEntries.CountAsync();
        Ready = await db.LedgerEntries.CountAsync(e => e.Status == CardStatus.Ready);
        Imports = await db.LedgerImports.CountAsync();
    }
}
