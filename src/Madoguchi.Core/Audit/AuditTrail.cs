namespace Madoguchi.Audit;

/// <summary>
/// Who is acting, as the audit log names them: a signed-in staff member at an office terminal
/// (address and browser), or an operator's operating-system account on the command line.
/// </summary>
public sealed record AuditActor(int? StaffId, string? Login, string? Role, string? Address, string? UserAgent)
{
    /// <summary>The role and the address of every command-line entry.</summary>
    public const string CommandLine = "cli";

    /// <summary>An operator at a shell: the operating-system account, <c>cli</c>, and the command (<c>madoguchi ledger import</c>).</summary>
    public static AuditActor AtCommandLine(string command) =>
        new(null, Environment.UserName, CommandLine, CommandLine, command);
}

/// <summary>
/// The entry a feature writes for itself when it reveals or changes personal data, staff accounts,
/// the ledger or the calendar, in the name of whoever is acting (a page, the API, the command line),
/// in the feature's own transaction when one is open.
/// </summary>
public sealed class AuditTrail(TimeProvider clock, AuditKeys keys, Func<AuditActor> actor)
{
    public async Task<long> RecordAsync(MadoguchiDb db, string action, IReadOnlyList<string>? records = null, string outcome = AuditOutcome.Ok, CancellationToken cancellationToken = default)
    {
        var who = actor();
        var entry = await new AuditLog(db, clock, keys).WriteAsync(
            new AuditEvent(action, outcome, records, who.StaffId, who.Login, who.Role, who.Address, who.UserAgent),
            cancellationToken);
        return entry.Id;
    }

    /// <summary>The same trail, naming the actor as changed (a failed sign-in names the login typed).</summary>
    public AuditTrail WithActor(Func<AuditActor, AuditActor> change) => new(clock, keys, () => change(actor()));
}
