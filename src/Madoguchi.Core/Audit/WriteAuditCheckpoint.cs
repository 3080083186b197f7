namespace Madoguchi.Audit;

public enum CheckpointOutcome
{
    Written,
    AlreadyWritten,
    NoEntries,
    DayNotOver,
}

public sealed record CheckpointResult(CheckpointOutcome Outcome, AuditCheckpoint? Checkpoint);

/// <summary>
/// Writes a day's checkpoint: the id and hash of the last audit entry of that day (Japan time).
/// Once per day: a second call returns the checkpoint already written. Only for a day that is over,
/// so the checkpoint really is the day's last entry.
/// </summary>
public sealed class WriteAuditCheckpoint(MadoguchiDb db, TimeProvider clock)
{
    public async Task<CheckpointResult> RunAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        if (day >= clock.Today())
        {
            return new CheckpointResult(CheckpointOutcome.DayNotOver, null);
        }

        if (await db.AuditCheckpoints.AsNoTracking().SingleOrDefaultAsync(c => c.Day == day, cancellationToken) is { } existing)
        {
            return new CheckpointResult(CheckpointOutcome.AlreadyWritten, existing);
        }

        var (start, end) = AuditDays.Bounds(day);
        var last = await db.AuditEntries.AsNoTracking()
            .Where(e => e.At >= start && e.At < end)
            .OrderByDescending(e => e.Id)
            .Select(e => new { e.Id, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        if (last is null)
        {
            return new CheckpointResult(CheckpointOutcome.NoEntries, null);
        }

        var checkpoint = new AuditCheckpoint { Day = day, LastEntryId = last.Id, LastHash = last.Hash, WrittenAt = clock.GetUtcNow() };
        try
        {
            await db.WriteAsync(
                async () =>
                {
                    db.AuditCheckpoints.Add(checkpoint);
                    await db.SaveChangesAsync(cancellationToken);
                    return true;
                },
                cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another process wrote the same day's checkpoint first: theirs stands.
            db.ChangeTracker.Clear();
            var theirs = await db.AuditCheckpoints.AsNoTracking().SingleAsync(c => c.Day == day, cancellationToken);
            return new CheckpointResult(CheckpointOutcome.AlreadyWritten, theirs);
        }

        db.Entry(checkpoint).State = EntityState.Detached;
        return new CheckpointResult(CheckpointOutcome.Written, checkpoint);
    }
}
