using System.Security.Claims;

using Madoguchi.Staff;

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Madoguchi.Web.Staff;

/// <summary>
/// Who may use which part of the office zone. 係長 does everything a clerk does plus imports,
/// places and closures; パート works the day's list only; 監査 reads the audit log and no personal
/// data; 管理者 keeps accounts and settings. Statistics (counts only) are for 管理者, 係長 and 監査.
/// </summary>
public static class StaffPolicies
{
    public const string Office = "office";
    public const string Ledger = "ledger";
    public const string Imports = "imports";
    public const string Calendar = "calendar";
    public const string Accounts = "accounts";
    public const string Counter = "counter";
    public const string Phone = "phone";
    public const string Unclaimed = "unclaimed";
    public const string Audit = "audit";

    /// <summary>Counts only, no personal data: 管理者, 係長 and 監査.</summary>
    public const string Statistics = "statistics";

    /// <summary>Saving the day's counter list (names, addresses) as CSV or Excel: 係長 and 職員, not パート.</summary>
    public const string CounterExport = "counter-export";

    public static IServiceCollection AddStaffSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMadoguchiStaffIdentity()
            .AddTokenProvider<AuthenticatorCodeOnce>(TokenOptions.DefaultAuthenticatorProvider)
            .AddSignInManager();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        var idle = TimeSpan.FromMinutes(configuration.GetValue("Madoguchi:Office:IdleMinutes", 15));
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/office/signin";
            o.LogoutPath = "/office/signout";
            o.AccessDeniedPath = "/office/denied";
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = idle;
            o.SlidingExpiration = true;
            o.Cookie.Name = "madoguchi.office";
            o.Cookie.Path = "/office";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Checked against the account on every request, so a session ends at once (ADR 0016).
            o.Events.OnValidatePrincipal = StaffSessions.ValidateAsync;
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "madoguchi.office.2fa";
            o.Cookie.Path = "/office";
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Office, p => p.RequireAuthenticatedUser())
            .AddPolicy(Ledger, p => p.RequireRole(nameof(StaffRole.Supervisor), nameof(StaffRole.Clerk)))
            .AddPolicy(Imports, p => p.RequireRole(nameof(StaffRole.Supervisor)))
            .AddPolicy(Calendar, p => p.RequireRole(nameof(StaffRole.Supervisor)))
            .AddPolicy(Accounts, p => p.RequireRole(nameof(StaffRole.Administrator)))
            .AddPolicy(Counter, p => p.RequireRole(nameof(StaffRole.Supervisor), nameof(StaffRole.Clerk), nameof(StaffRole.PartTimer)))
            .AddPolicy(Phone, p => p.RequireRole(nameof(StaffRole.Supervisor), nameof(StaffRole.Clerk)))
            .AddPolicy(Unclaimed, p => p.RequireRole(nameof(StaffRole.Supervisor)))
            .AddPolicy(Audit, p => p.RequireRole(nameof(StaffRole.Auditor)))
            .AddPolicy(Statistics, p => p.RequireRole(nameof(StaffRole.Administrator), nameof(StaffRole.Supervisor), nameof(StaffRole.Auditor)))
            .AddPolicy(CounterExport, p => p.RequireRole(nameof(StaffRole.Supervisor), nameof(StaffRole.Clerk)));
        services.AddScoped<AddStaff>();
        services.AddScoped<ChangeStaff>();
        return services;
    }

    public static bool IsIn(this ClaimsPrincipal user, params StaffRole[] roles) => roles.Any(r => user.IsInRole(r.ToString()));

    /// <summary>A branch centre's staff see their centre only; an empty list means every place.</summary>
    /// <summary>Whether the staff member is limited to no place (a branch centre's staff are).</summary>
    public static bool MayWorkEverywhere(this ClaimsPrincipal user) => string.IsNullOrEmpty(user.FindFirstValue(StaffClaims.Places));

    /// <summary>The codes of the places a limited staff member works for (empty for staff of every place).</summary>
    public static string[] PlaceCodes(this ClaimsPrincipal user) =>
        (user.FindFirstValue(StaffClaims.Places) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool MayWorkAt(this ClaimsPrincipal user, string placeCode)
    {
        var places = user.FindFirstValue(StaffClaims.Places);
        return string.IsNullOrEmpty(places) || places.Split(',', StringSplitOptions.TrimEntries).Contains(placeCode, StringComparer.Ordinal);
    }

    public static int StaffId(this ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
}
