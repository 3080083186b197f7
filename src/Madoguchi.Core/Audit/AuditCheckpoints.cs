using System.Globalization;

using Madoguchi.Calendar;
using Madoguchi.Data;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Audit;

/// <summary>One checkpoint as the reviewers keep it outside the database: a day, its last entry's id and hash.</summary>
public sealed record CheckpointLine(DateOnly Day, long LastEntryId, string LastHash);

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

/// <summary>Writes every checkpoint as text for the reviewers to keep outside the database.</summary>
public sealed class ExportCheckpoints(MadoguchiDb db)
{
    public async Task<int> RunAsync(TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var lines = 0;
        await foreach (var c in db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Day).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(CheckpointFile.Line(new CheckpointLine(c.Day, c.LastEntryId, c.LastHash)) + "\n");
            lines++;
        }

        return lines;
    }
}

/// <summary>
/// The checkpoint file: one line per day, <c>yyyy-MM-dd&lt;TAB&gt;lastEntryId&lt;TAB&gt;lastHash</c>.
/// Blank lines and lines starting with # are skipped, so reviewers may annotate their copy.
/// </summary>
public static class CheckpointFile
{
    public static string Line(CheckpointLine c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return string.Create(CultureInfo.InvariantCulture, $"{c.Day:yyyy-MM-dd}\t{c.LastEntryId}\t{c.LastHash}");
    }

    /// <summary>Reads the lines; a line that cannot be read is named in <paramref name="errors"/> (Japanese, with what to do).</summary>
    public static async Task<IReadOnlyList<CheckpointLine>> ReadAsync(TextReader reader, List<string> errors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(errors);
        var lines = new List<CheckpointLine>();
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            number++;
            var line = text.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length == 3
                && DateOnly.TryParseExact(parts[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                && long.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && id >= 1
                && parts[2].Trim() is { Length: 64 } hash
                && hash.All(char.IsAsciiHexDigit))
            {
                lines.Add(new CheckpointLine(day, id, hash.ToLowerInvariant()));
            }
            else if (errors.Count < 20)
            {
                errors.Add($"チェックポイントのファイルの {number} 行目が読めません。「日付（yyyy-MM-dd）、タブ、番号、タブ、64桁のハッシュ」の形にしてください（madoguchi audit checkpoint --export で書き出したままの形）。");
            }
        }

        return lines;
    }
}

/// <summary>A day in Japan time as an interval of instants.</summary>
public static class AuditDays
{
    public static (DateTimeOffset Start, DateTimeOffset End) Bounds(DateOnly day) =>
        (new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), SlotSchedule.JapanOffset),
         new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), SlotSchedule.JapanOffset));

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToCityTime().DateTime);
}
