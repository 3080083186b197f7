using System.Security.Claims;

using Madoguchi.Audit;
using Madoguchi.Data;

namespace Madoguchi.Web.Staff;

/// <summary>
/// A page refused to someone signed in (<c>access.denied</c>), named by its path only: a query string
/// may hold what was typed into a search. A refusal before sign-in is no one's to record.
/// </summary>
public sealed class AccessDenied(MadoguchiDb db, AuditTrail audit)
{
    public async Task RunAsync(ClaimsPrincipal user, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated == true)
        {
            await audit.RecordAsync(db, "access.denied", PageOf(returnUrl) is { } page ? [page] : null, AuditOutcome.Refused);
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
