using Madoguchi.Booking;
using Madoguchi.Data;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Booking;

/// <summary>
/// Gives back the seats of holds that ran out, so the calendar shows them free again, and clears
/// old throttle counts and idempotency answers. Booking steps also release a slot's expired holds
/// themselves, so nothing depends on this running on time.
/// </summary>
public sealed class HoldSweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<HoldSweeper> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
            {
                log.LogWarning(e, "Sweeping expired holds failed; the next round tries again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDb>();
        var settings = scope.ServiceProvider.GetRequiredService<BookingSettings>();
        var now = clock.GetUtcNow();
        var expired = await db.Holds.AsNoTracking().Where(h => h.ExpiresAt <= now).Select(h => h.Id).ToListAsync(cancellationToken);
        foreach (var id in expired)
        {
            await db.InTransactionAsync(async () => (true, await new Seats(db, clock, settings).ReleaseHoldAsync(id, cancellationToken)), cancellationToken);
        }

        var oldMinute = now.AddMinutes(-10).ToUnixTimeSeconds() / 60;
        await db.ClientCounts.Where(c => c.Minute < oldMinute).ExecuteDeleteAsync(cancellationToken);
        var dayAgo = now.AddDays(-1);
        await db.IdempotentAnswers.Where(a => a.CreatedAt < dayAgo).ExecuteDeleteAsync(cancellationToken);
    }
}
