using Madoguchi.Audit;
using Madoguchi.Ledger;
using Madoguchi.Web.Audit;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Ledger;

public sealed class SearchModel(SearchLedger search, OfficeAudit audit) : PageModel
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
        if (new[] { Number, Name, Birth }.All(string.IsNullOrWhiteSpace))
        {
            return;
        }

        // The entries shown, never what was typed: a name or a date of birth is personal data.
        await audit.RecordAsync(
            "ledger.search",
            [.. Result.Entries.Select(e => $"ledger:{e.Id}")],
            Result.Errors.Count > 0 ? AuditOutcome.Refused : AuditOutcome.Ok);
    }
}
