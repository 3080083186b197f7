using System.Security.Claims;

using Madoguchi.Staff;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Web.Staff;

/// <summary>
/// Every signed-in request is checked against the account as it is now (ADR 0016), not every 30
/// minutes as Identity's security stamp validator does by default: the session ends at once when the
/// account's security stamp changed (sign-out, password change, disable), its role or places changed,
/// it was disabled or it is gone. A copied cookie is worth nothing after any of these.
/// </summary>
public static class StaffSessions
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal is not { Identity.IsAuthenticated: true } principal)
        {
            return;
        }

        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<StaffAccount>>();
        var account = await users.GetUserAsync(principal);
        if (account is not null && IsCurrent(principal, account, users.Options.ClaimsIdentity.SecurityStampClaimType))
        {
            return;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    /// <summary>A disabled account is locked out for good (<see cref="DateTimeOffset.MaxValue"/>), as Identity's own convention has it.</summary>
    public static bool IsDisabled(StaffAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.LockoutEnd == DateTimeOffset.MaxValue;
    }

    private static bool IsCurrent(ClaimsPrincipal principal, StaffAccount account, string stampClaim) =>
        principal.FindFirstValue(stampClaim) is { Length: > 0 } stamp
        && string.Equals(stamp, account.SecurityStamp, StringComparison.Ordinal)
        && principal.HasClaim(ClaimTypes.Role, account.Role.ToString())
        && string.Equals(principal.FindFirstValue(StaffClaims.Places) ?? "", account.Places, StringComparison.Ordinal)
        && principal.HasClaim(StaffClaims.NeedsSetup, "true") == account.NeedsSetup
        && !IsDisabled(account);
}
