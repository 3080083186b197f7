using System.Data.Common;

using Madoguchi.Booking;
using Madoguchi.Calendar;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Madoguchi.Retention;

/// <summary>
/// Runs <see cref="PurgeOldData"/> every day at <see cref="RetentionSettings.DailyAt"/> (Japan
/// time), and once at start when no purge has been recorded in the last day, so a process that is
/// restarted every night still purges. Run it in the office process only: the public database role
/// may not change the ledger. A failed round is logged and tried again the next day. With
/// <c>Madoguchi:Retention:Daily=false</c> it does nothing (another process or a scheduled
/// <c>madoguchi purge</c> does the work).
/// </summary>
public sealed class DailyPurge(IServiceScopeFactory scopes, TimeProvider clock, RetentionSettings retention, BookingSettings booking, Madoguchi.Audit.AuditKeys keys, ILogger<DailyPurge> log)
{
    public const string Terminal = "madoguchi daily purge";

    /// <summary>The daily job acts for no one: its entries name only the job.</summary>
    public static readonly Madoguchi.Audit.AuditActor Actor = new(null, null, null, null, Terminal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!retention.Daily)
        {
            return;
        }

        try
        {
            var next = await FirstRunAsync(cancellationToken);
            while (true)
            {
                var wait = next - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, cancellationToken);
                }

                await RoundAsync(cancellationToken);
                next = NextRun(clock.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One purge now, with its audit entry.</summary>
    public async Task<PurgeResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDb>();
        var folder = scope.ServiceProvider.GetService<Madoguchi.Notices.MailSettings>()?.MailFolder;
        var audit = new Madoguchi.Audit.AuditTrail(clock, keys, () => Actor);
        return await new PurgeOldData(db, clock, retention, booking, audit, folder).RunAsync(dryRun: false, cancellationToken);
    }

    /// <summary>The first <see cref="RetentionSettings.DailyAt"/> after the instant.</summary>
    public DateTimeOffset NextRun(DateTimeOffset after)
    {
        var local = after.ToCityTime();
        var day = DateOnly.FromDateTime(local.DateTime);
        var run = SlotSchedule.At(day, retention.DailyAt);
        return run > after ? run : SlotSchedule.At(day.AddDays(1), retention.DailyAt);
    }

    private async Task<DateTimeOffset> FirstRunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MadoguchiDb>();
            var last = await db.AuditEntries.AsNoTracking().Where(e => e.Action == PurgeOldData.Action)
                .OrderByDescending(e => e.Id).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(cancellationToken);
            return last is { } at && now - at < TimeSpan.FromDays(1) ? NextRun(now) : now;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            log.LogWarning(e, "Reading the last purge failed; purging now.");
            return now;
        }
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await RunOnceAsync(cancellationToken);
            log.LogInformation("Daily purge: {Records}", string.Join(',', result.Counts.Records));
        }
        catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException)
        {
            log.LogError(e, "The daily purge failed; it runs again tomorrow, or now with 'madoguchi purge'.");
        }
    }
}
