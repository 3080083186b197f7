using System.Security.Claims;

using Madoguchi.Staff;

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Madoguchi.Web.Staff;

/// <summary>
/// Sensitive pages (staff accounts, imports, closures, settings, exports) ask for the password
/// again when it was last typed more than ten minutes ago.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class FreshPasswordAttribute : Attribute, IAsyncPageFilter
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (!IsFresh(http))
        {
            context.Result = new RedirectResult($"/office/reauth?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}");
            return;
        }

        await next();
    }

    public static bool IsFresh(HttpContext http)
    {
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        return long.TryParse(http.User.FindFirstValue(StaffClaims.PasswordAt), out var ticks)
            && clock.GetUtcNow() - new DateTimeOffset(ticks, TimeSpan.Zero) <= Window;
    }
}
