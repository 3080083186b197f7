using System.Security.Claims;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Madoguchi.Staff;

/// <summary>Puts the staff member's role, places and set-up state into the sign-in cookie.</summary>
public sealed class StaffClaimsFactory(UserManager<StaffAccount> users, RoleManager<IdentityRole<int>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffAccount, IdentityRole<int>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffAccount user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        identity.AddClaim(new Claim(StaffClaims.Name, user.Name));
        identity.AddClaim(new Claim(StaffClaims.Places, user.Places));
        if (user.NeedsSetup)
        {
            identity.AddClaim(new Claim(StaffClaims.NeedsSetup, "true"));
        }

        return identity;
    }
}
