using System.Security.Claims;

using Madoguchi.Audit;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Madoguchi.Staff;

public static class StaffIdentity
{
    /// <summary>Identity for staff accounts in the Madoguchi database: passwords, lock-out, authenticator codes.</summary>
    public static IdentityBuilder AddMadoguchiStaffIdentity(this IServiceCollection services) =>
        services.AddIdentityCore<StaffAccount>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";
            })
            .AddRoles<IdentityRole<int>>()
            .AddEntityFrameworkStores<MadoguchiDb>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>();

    /// <summary>A one-time password for a new account's first sign-in, easy to read out: 16 letters and digits in groups.</summary>
    public static string NewFirstPassword()
    {
        const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(Alphabet, 16);
        return $"{new string(chars[..4])}-{new string(chars[4..8])}-{new string(chars[8..12])}-{new string(chars[12..])}";
    }
}
