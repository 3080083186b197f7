using System.Data.Common;
using System.Globalization;

using Madoguchi.Audit;
using Madoguchi.Calendar;
using Madoguchi.Data;

using Microsoft.Extensions.Logging;

namespace Madoguchi.Backups;

/// <summary>
/// With <c>Madoguchi:Backup:Daily=true</c> (off by default), the office process writes a backup every
/// day at <see cref="BackupSettings.DailyAt"/> (Japan time) into <see cref="BackupSettings.Folder"/>,
/// named <c>madoguchi-daily-YYYYMMDD-HHmmss.db</c> (SQLite) or <c>.dump</c> (PostgreSQL), with
/// <c>.gpg</c> when encrypted, and keeps the newest <see cref="BackupSettings.Keep"/> of them (other
/// files in the folder are never touched). It also writes one at start when the newest is more than
/// a day old, so a process restarted every night still backs up. Each is recorded as
/// <c>db.backup</c> in the name of the job; a failed round is logged and tried the next day (ADR 0031).
/// </summary>
public sealed class DailyBackup(DatabaseSettings database, BackupSettings settings, AuditKeys keys, TimeProvider clock, ILogger<DailyBackup> log)
{
    public const string Terminal = "madoguchi daily backup";
    public const string Prefix = "madoguchi-daily-";

    /// <summary>The daily job acts for no one: its entries name only the job.</summary>
    public static readonly AuditActor Actor = new(null, null, null, null, Terminal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!settings.Daily)
        {
            return;
        }

        try
        {
            var newest = Kept().FirstOrDefault();
            var next = newest is not null && clock.GetUtcNow() - File.GetLastWriteTimeUtc(newest) < TimeSpan.FromDays(1)
                ? NextRun(clock.GetUtcNow())
                : clock.GetUtcNow();
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

    /// <summary>One backup now into the folder, then the oldest daily backups beyond the kept count are deleted.</summary>
    public async Task<Outcome<BackupResult>> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(settings.Folder);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var stamp = clock.GetUtcNow().ToCityTime().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var name = Prefix + stamp + (database.Provider == DatabaseProvider.Sqlite ? ".db" : ".dump") + (settings.KeyFile is null ? "" : ".gpg");
        var trail = new AuditTrail(clock, keys, () => Actor);
        var result = await new BackUpDatabase(database, settings, trail).RunAsync(Path.Combine(folder, name), cancellationToken);
        if (result.Ok)
        {
            foreach (var old in Kept().Skip(settings.Keep))
            {
                File.Delete(old);
            }
        }

        return result;
    }

    /// <summary>The first <see cref="BackupSettings.DailyAt"/> after the instant.</summary>
    public DateTimeOffset NextRun(DateTimeOffset after)
    {
        var day = DateOnly.FromDateTime(after.ToCityTime().DateTime);
        var run = SlotSchedule.At(day, settings.DailyAt);
        return run > after ? run : SlotSchedule.At(day.AddDays(1), settings.DailyAt);
    }

    /// <summary>The daily backups in the folder, newest first (their names sort by time).</summary>
    private IEnumerable<string> Kept()
    {
        var folder = Path.GetFullPath(settings.Folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, Prefix + "*")
            .Where(f => Path.GetFileName(f).EndsWith(".db", StringComparison.Ordinal)
                || Path.GetFileName(f).EndsWith(".dump", StringComparison.Ordinal)
                || Path.GetFileName(f).EndsWith(".gpg", StringComparison.Ordinal))
            .OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal);
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await RunOnceAsync(cancellationToken);
            if (result.Problem is { } problem)
            {
                log.LogError("The daily backup failed ({Code}): {Detail}", problem.Code, problem.Detail);
            }
            else
            {
                log.LogInformation("Daily backup written: {File} ({Bytes} bytes)", result.Value!.File, result.Value.Bytes);
            }
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            log.LogError(e, "The daily backup failed; it runs again tomorrow, or now with 'madoguchi db backup FILE'.");
        }
    }
}
