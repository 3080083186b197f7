namespace Madoguchi.Audit;

/// <summary>
/// The daily job: writes the checkpoint of every finished day that has audit entries and no
/// checkpoint yet (so days missed while the process was down are caught up). The host runs it
/// once a day, shortly after midnight Japan time, and at start.
/// </summary>
public sealed class DailyAuditCheckpoint(MadoguchiDb db, TimeProvider clock)
{
    public async Task<IReadOnlyList<AuditCheckpoint>> RunAsync(CancellationToken cancellationToken = default)
    {
        var today = clock.Today();
        var written = new List<AuditCheckpoint>();
        var first = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(cancellationToken);
        if (first is null)
        {
            return written;
        }

        var done = (await db.AuditCheckpoints.AsNoTracking().Select(c => c.Day).ToListAsync(cancellationToken)).ToHashSet();
        var (todayStart, _) = AuditDays.Bounds(today);
        var day = AuditDays.DayOf(first.Value);
        while (day < today)
        {
            if (done.Contains(day))
            {
                day = day.AddDays(1);
                continue;
            }

            // Jump over days without entries with one query on the time index.
            var (start, _) = AuditDays.Bounds(day);
            var next = await db.AuditEntries.AsNoTracking()
                .Where(e => e.At >= start && e.At < todayStart)
                .OrderBy(e => e.At)
                .Select(e => (DateTimeOffset?)e.At)
                .FirstOrDefaultAsync(cancellationToken);
            if (next is null)
            {
                break;
            }

            day = AuditDays.DayOf(next.Value);
            if (!done.Contains(day))
            {
                var result = await new WriteAuditCheckpoint(db, clock).RunAsync(day, cancellationToken);
                if (result is { Outcome: CheckpointOutcome.Written, Checkpoint: { } checkpoint })
                {
                    written.Add(checkpoint);
                }
            }

            day = day.AddDays(1);
        }

        return written;
    }
}
