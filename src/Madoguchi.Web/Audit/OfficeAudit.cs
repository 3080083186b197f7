using System.Security.Claims;

using Madoguchi.Audit;
using Madoguchi.Data;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Audit;

/// <summary>
/// Writes an audit entry for the current office request: the signed-in staff member and role, the
/// terminal (address and user agent), the action, the ids of the records, the outcome.
/// </summary>
public sealed class OfficeAudit(MadoguchiDb db, TimeProvider clock, AuditKeys keys, IHttpContextAccessor http)
{
    public async Task RecordAsync(string action, IReadOnlyList<string>? records = null, string outcome = AuditOutcome.Ok, string? login = null)
    {
        var context = http.HttpContext;
        var user = context?.User;
        var signedIn = user?.Identity?.IsAuthenticated == true;
        await new AuditLog(db, clock, keys).WriteAsync(new AuditEvent(
            action,
            outcome,
            records,
            signedIn && int.TryParse(user!.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
            signedIn ? user!.Identity!.Name : login,
            signedIn ? user!.FindFirstValue(ClaimTypes.Role) : null,
            context?.Connection.RemoteIpAddress?.ToString(),
            context?.Request.Headers.UserAgent.ToString()));
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
