namespace Madoguchi.Audit;

/// <summary>What the office process's own daily verification of the audit chain found, and when.</summary>
public sealed record AuditChainCheck(DateTimeOffset At, bool Intact, long VerifiedEntryId, long? FirstBadEntry, AuditFault Fault);

/// <summary>
/// The office process verifies the whole audit chain once a day (at start and after each night's
/// checkpoint), so a forged or removed entry shows on the metrics (<c>madoguchi.audit.chain_intact</c>
/// = 0) the next morning, not only when a reviewer happens to press 検証. It records no audit entry:
/// it reads no one's data, and a daily entry would only lengthen the log it checks.
/// </summary>
public sealed class AuditChainWatch(TimeProvider clock)
{
    private static readonly TimeSpan Daily = TimeSpan.FromHours(24);
    private AuditChainCheck? _last;

    /// <summary>The last check; null before the first one finished.</summary>
    public AuditChainCheck? Last => Volatile.Read(ref _last);

    /// <summary>True when there was no check yet, or the last one is a day old.</summary>
    public bool IsDue => Last is not { } last || clock.GetUtcNow() - last.At >= Daily;

    public async Task<AuditChainCheck> VerifyAsync(MadoguchiDb db, AuditKeys keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var result = await new VerifyAuditLog(db, keys).RunAsync(cancellationToken: cancellationToken);

        // The chain's ids run 1, 2, 3… without a gap (a gap fails the check), so a whole chain of
        // n entries ends at id n; a broken one is whole up to the entry before its first fault.
        var verified = result.Ok ? result.Entries : Math.Max(0, (result.FirstBadEntry ?? 1) - 1);
        var check = new AuditChainCheck(clock.GetUtcNow(), result.Ok, verified, result.FirstBadEntry, result.Fault);
        Volatile.Write(ref _last, check);
        return check;
    }
}
