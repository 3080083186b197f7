using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Retention;

namespace Madoguchi.Web;

/// <summary>
/// The office process's daily work: the retention purge (ADR on retention, <see cref="DailyPurge"/>),
/// the backup when switched on (ADR 0031, <see cref="Madoguchi.Backups.DailyBackup"/>) and the audit
/// log's checkpoint for every finished day, then once a day the whole chain's verification
/// (<see cref="AuditChainWatch"/>, shown on the metrics). A public-only process does neither: its
/// database role may not change the ledger or write checkpoints.
/// </summary>
public sealed class DailyJobs(
    IServiceScopeFactory scopes,
    DailyPurge purge,
    Madoguchi.Backups.DailyBackup backup,
    AuditChainWatch chain,
    AuditKeys keys,
    TimeProvider clock,
    ILogger<DailyJobs> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var purging = purge.RunAsync(stoppingToken);
        var backingUp = backup.RunAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MadoguchiDb>();
                var written = await new DailyAuditCheckpoint(db, clock).RunAsync(stoppingToken);
                if (written.Count > 0 || chain.IsDue)
                {
                    var check = await chain.VerifyAsync(db, keys, stoppingToken);
                    if (check.Intact)
                    {
                        log.LogInformation("The audit chain verifies up to entry {Entry}.", check.VerifiedEntryId);
                    }
                    else
                    {
                        log.LogError("The audit chain FAILS verification at entry {Entry} ({Fault}): run 'madoguchi audit verify' and see docs/operations.md.", check.FirstBadEntry, check.Fault);
                    }
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                log.LogWarning(e, "Writing the audit checkpoints failed; the next hour tries again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));

        await purging;
        await backingUp;
    }
}
