using System.Security.Claims;

using Madoguchi.Audit;
using Madoguchi.Data;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Audit;

/// <summary>
/// The office's side of the audit log. Features write their own entries through
/// <see cref="AuditTrail"/>, naming the actor this class reads from the request: the signed-in
/// staff member and role, the terminal (address and user agent). Pages record only what no feature
/// does for them: sign-in and its failures, and the answers that show personal data.
/// </summary>
public sealed class OfficeAudit(MadoguchiDb db, AuditTrail trail)
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

    public async Task RecordAsync(string action, IReadOnlyList<string>? records = null, string outcome = AuditOutcome.Ok, string? login = null)
    {
        if (login is null)
        {
            await trail.RecordAsync(db, action, records, outcome);
            return;
        }

        // A failed sign-in names the login typed, as no one is signed in yet.
        await trail.WithActor(a => a.Login is null ? a with { Login = login } : a).RecordAsync(db, action, records, outcome);
    }

    /// <summary>
    /// Keeps a change Identity could not save out of the next entry's save: when two sign-ins of one
    /// account fail at once, the later one's failure count meets a changed concurrency stamp, and the
    /// entry recording the failure must not fail with it.
    /// </summary>
    public void LeaveUnsaved(object entity)
    {
        if (db.Entry(entity).State == EntityState.Modified)
        {
            db.Entry(entity).State = EntityState.Detached;
        }
    }
}
