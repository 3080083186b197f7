using Madoguchi.Staff;

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Madoguchi.Web.Staff;

/// <summary>A new account goes nowhere in the office zone until it has set its password and authenticator.</summary>
public sealed class SetupGate(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(StaffClaims.NeedsSetup, "true")
            && path.StartsWithSegments("/office", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/office/setup", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/office/signout", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Redirect("/office/setup");
            return Task.CompletedTask;
        }

        return next(context);
    }
}
