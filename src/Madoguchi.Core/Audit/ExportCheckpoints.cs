namespace Madoguchi.Audit;

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
