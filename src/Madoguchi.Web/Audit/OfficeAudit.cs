using System.Security.Claims;

using Madoguchi.Audit;

namespace Madoguchi.Web.Audit;

/// <summary>
/// The office's side of the audit log. Features write their own entries through
/// <see cref="AuditTrail"/> (pages write none), naming the actor this class reads from the request:
/// the signed-in staff member and role, the terminal (address and user agent).
/// </summary>
public static class OfficeAudit
{
    /// <summary>Who acts in this request; outside a request (a hosted job) the entry names the office process.</summary>
    public static AuditActor ActorOf(HttpContext? context, string? login = null)
    {
        if (context is null)
        {
            return new AuditActor(null, null, null, null, "madoguchi office process");
        }

        var user = context.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        return new AuditActor(
            signedIn && int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
            signedIn ? user.Identity!.Name : login,
            signedIn ? user.FindFirstValue(ClaimTypes.Role) : null,
            context.Connection.RemoteIpAddress?.ToString(),
            context.Request.Headers.UserAgent.ToString());
    }

    /// <summary>The trail for the office: each entry names whoever acts in the current request.</summary>
    public static AuditTrail TrailFor(IServiceProvider services)
    {
        var http = services.GetRequiredService<IHttpContextAccessor>();
        return new AuditTrail(services.GetRequiredService<TimeProvider>(), services.GetRequiredService<AuditKeys>(), () => ActorOf(http.HttpContext));
    }
}
