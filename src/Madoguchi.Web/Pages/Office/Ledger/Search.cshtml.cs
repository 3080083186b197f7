using Madoguchi.Ledger;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Ledger;

public sealed class SearchModel(SearchLedger search) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Birth { get; set; }

    public LedgerSearchResult Result { get; private set; } = new([], false, new Dictionary<string, string>());

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Result = await search.RunAsync(new LedgerQuery(Number, Name, Birth), cancellationToken);
    }
}
