namespace Madoguchi.Audit;

/// <summary>
/// The 監査 role's checks of the chain at the office: the verification (<c>audit.verify</c>, failed
/// when the chain is broken, naming the first bad entry) and the checkpoint file taken away
/// (<c>export.audit.checkpoints</c>), each recorded in the reviewer's name. The command line runs
/// <see cref="VerifyAuditLog"/> and <see cref="ExportCheckpoints"/> unrecorded: it may verify with a
/// key file of its own, and an entry sealed with a key the office does not hold would break the chain.
/// </summary>
public sealed class AuditChainReview(MadoguchiDb db, AuditKeys keys, AuditTrail audit)
{
    public async Task<AuditVerification> VerifyAsync(IReadOnlyList<CheckpointLine>? outside = null, CancellationToken cancellationToken = default)
    {
        var result = await new VerifyAuditLog(db, keys).RunAsync(outside, cancellationToken);
        await audit.RecordAsync(db, "audit.verify", result.FirstBadEntry is { } bad ? [$"audit:{bad}"] : null, result.Ok ? AuditOutcome.Ok : AuditOutcome.Failed, cancellationToken);
        return result;
    }

    public async Task<int> ExportCheckpointsAsync(TextWriter writer, CancellationToken cancellationToken = default)
    {
        await audit.RecordAsync(db, "export.audit.checkpoints", cancellationToken: cancellationToken);
        return await new ExportCheckpoints(db).RunAsync(writer, cancellationToken);
    }
}
