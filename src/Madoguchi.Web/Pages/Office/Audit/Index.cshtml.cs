using System.Globalization;

using Madoguchi.Audit;

using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Audit;

/// <summary>The 監査 role's search of the audit log: by staff login, action, record and period, newest first, 100 a page.</summary>
public sealed class IndexModel(SearchAuditLog search) : PageModel
{
    public string? Login { get; private set; }

    public string? Action { get; private set; }

    public string? Record { get; private set; }

    public string? From { get; private set; }

    public string? To { get; private set; }

    public AuditFilter Filter { get; private set; } = SearchAuditLog.Read(new AuditQuery(null, null, null, null, null));

    public AuditSearchPage Result { get; private set; } = new([], 0, 1, 1);

    // p is the page number: "page" is kept by Razor Pages for the page's own name.
    public async Task OnGetAsync(string? login, string? action, string? record, string? from, string? to, int p = 1, CancellationToken cancellationToken = default)
    {
        (Login, Action, Record, From, To) = (login, action, record, from, to);
        Filter = SearchAuditLog.Read(new AuditQuery(login, action, record, from, to));
        if (!Filter.Valid)
        {
            return;
        }

        Result = await search.PageAsync(Filter, p, cancellationToken);
    }

    /// <summary>The search as a query string (the values as read), for the pages and the CSV.</summary>
    public string Query(int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("login", Filter.Login);
        Add("action", Filter.Action);
        Add("record", Filter.Record);
        Add("from", Filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", Filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (page is > 1)
        {
            Add("p", page.Value.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    public string? DescribedBy(string field, string hint) => Filter.Errors.ContainsKey(field) ? $"{hint} {field}-error" : hint;
}
