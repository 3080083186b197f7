using Madoguchi.Audit;
using Madoguchi.Backups;
using Madoguchi.Data;
using Madoguchi.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Backups;

/// <summary>The office's daily backup: off unless asked, owner-only files, the newest Keep kept, each recorded in the job's name (ADR 0031).</summary>
public sealed class DailyBackupTests
{
    [Fact]
    public async Task The_daily_backup_keeps_the_newest_files_leaves_others_alone_and_records_each_in_the_jobs_name()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var folder = Path.Combine(Directory.CreateTempSubdirectory("madoguchi-daily-backup-").FullName, "backups");
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 17, 0, 0, TimeSpan.Zero));
        var settings = new BackupSettings { Daily = true, Folder = folder, Keep = 2 };
        var job = new DailyBackup(database.Settings, settings, TestAudit.Keys, clock, NullLogger<DailyBackup>.Instance);
        var operators = Path.Combine(folder, "before-upgrade.db");
        for (var day = 0; day < 3; day++)
        {
            var result = await job.RunOnceAsync();
            Assert.True(result.Ok, result.Problem?.Detail);
            clock.Advance(TimeSpan.FromDays(1));
            if (day == 0)
            {
                // An operator's own backup in the same folder (the job made the folder).
                await File.WriteAllTextAsync(operators, "kept");
            }
        }

        var files = Directory.GetFiles(folder, DailyBackup.Prefix + "*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["madoguchi-daily-20270303-020000.db", "madoguchi-daily-20270304-020000.db"], files);
        Assert.True(File.Exists(operators), "a file the job did not write is never deleted");
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in files)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, file!)));
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }

        await using var db = database.Open();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == BackUpDatabase.Action).ToListAsync();
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal((DailyBackup.Terminal, (string?)null, AuditOutcome.Ok), (e.UserAgent, e.StaffLogin, e.Outcome)));
        Assert.Equal(new DateTimeOffset(2027, 3, 6, 2, 0, 0, TimeSpan.FromHours(9)), job.NextRun(clock.GetUtcNow()));
        Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
    }

    [Fact]
    public void The_daily_backup_is_off_unless_switched_on()
    {
        var settings = BackupSettings.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

        Assert.Equal((false, "data/backups", 7, (string?)null), (settings.Daily, settings.Folder, settings.Keep, settings.KeyFile));
    }
}
