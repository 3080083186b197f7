using Madoguchi.Audit;
using Madoguchi.Web.Audit;

using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Account;

public sealed class DeniedModel(OfficeAudit audit) : PageModel
{
    public async Task OnGetAsync(string? returnUrl)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (User.Identity?.IsAuthenticated == true)
        {
            // The page refused, by its path only: a query string may hold what was typed into a search.
            await audit.RecordAsync("access.denied", PageOf(returnUrl) is { } page ? [page] : null, AuditOutcome.Refused);
        }
    }

    private static string? PageOf(string? returnUrl)
    {
        var path = (returnUrl ?? "").Split('?', '#')[0];
        return path.StartsWith("/office/", StringComparison.OrdinalIgnoreCase) && path.Length <= 100
            && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '.' or '_')
            ? "page:" + path
            : null;
    }
}
