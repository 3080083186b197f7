using System.Diagnostics;

using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Cli.Db;

/// <summary>
/// `madoguchi db migrate --dry-run`, `db backup` and `db restore` as an operator runs them: the real
/// command in a folder holding the office's audit key file, then `audit verify` on the restored
/// database (ADR 0031).
/// </summary>
public abstract class DbCommandTests(DatabaseProvider provider) : IAsyncLifetime
{
    private string _folder = null!;

    public Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("madoguchi-cli-db-").FullName;

        // The office's key file, holding the key the tests' own entries are sealed with.
        File.WriteAllText(Path.Combine(_folder, "audit-keys"), $"test {Convert.ToBase64String(TestAudit.Keys.Current.Secret)}\n");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Migrate_dry_run_lists_the_pending_migrations_and_changes_nothing()
    {
        await using var empty = await TestDatabase.CreateAsync(provider, migrate: false);

        var dryRun = await RunAsync(empty, "db", "migrate", "--dry-run");

        Assert.Equal(0, dryRun.ExitCode);
        await using var db = empty.Open();
        var all = db.Database.GetMigrations().ToList();
        Assert.All(all, m => Assert.Contains(m, dryRun.Output, StringComparison.Ordinal));
        Assert.Equal(all, await db.Database.GetPendingMigrationsAsync());
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        if (empty.SqliteFile is { } file)
        {
            Assert.False(File.Exists(file), "a dry run creates no database file");
        }

        Assert.Equal(0, (await RunAsync(empty, "db", "migrate")).ExitCode);
        var upToDate = await RunAsync(empty, "db", "migrate", "--dry-run");
        Assert.Equal(0, upToDate.ExitCode);
        Assert.Contains("最新", upToDate.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Migrate_refuses_a_database_changed_by_a_newer_build_and_names_its_migration()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromTheFuture', '10.0.15')");
        }

        var dryRun = await RunAsync(database, "db", "migrate", "--dry-run");
        var migrate = await RunAsync(database, "db", "migrate");

        Assert.Equal((2, 2), (dryRun.ExitCode, migrate.ExitCode));
        Assert.Contains("新しい版の Madoguchi", migrate.Error, StringComparison.Ordinal);
        Assert.Contains("29991231000000_FromTheFuture", migrate.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_backup_and_its_restore_are_recorded_by_the_operator_and_the_restored_chain_verifies()
    {
        await using var source = await TestDatabase.CreateAsync(provider);
        await using (var db = source.Open())
        {
            await TestAudit.Trail(TimeProvider.System).RecordAsync(db, "test.before");
        }

        var key = Path.Combine(_folder, "backup-key");
        await File.WriteAllTextAsync(key, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
        var file = Path.Combine(_folder, "madoguchi.backup.gpg");

        var backup = await RunAsync(source, "db", "backup", file, "--key-file", key);

        Assert.True(backup.ExitCode == 0, backup.Error);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        await using var target = await TestDatabase.CreateAsync(provider, migrate: false);
        var withoutKey = await RunAsync(target, "db", "restore", file);
        var restore = await RunAsync(target, "db", "restore", file, "--key-file", key);
        var verify = await RunAsync(target, "audit", "verify");
        var again = await RunAsync(target, "db", "restore", file, "--key-file", key);

        Assert.Equal(2, withoutKey.ExitCode);
        Assert.Contains("暗号化されています", withoutKey.Error, StringComparison.Ordinal);
        Assert.True(restore.ExitCode == 0, restore.Error);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("空ではありません", again.Error, StringComparison.Ordinal);
        await using var restored = target.Open();
        var entries = await restored.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(("test.before", "db.restore", "madoguchi db restore", Environment.UserName, "cli"), (entries[0].Action, entries[^1].Action, entries[^1].UserAgent, entries[^1].StaffLogin, entries[^1].Role));
        await using var live = source.Open();
        var recorded = await live.AuditEntries.AsNoTracking().OrderBy(e => e.Id).LastAsync();
        Assert.Equal(("db.backup", "madoguchi db backup", AuditOutcome.Ok), (recorded.Action, recorded.UserAgent, recorded.Outcome));
        Assert.Contains("encrypted:yes", recorded.Records, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_operator_can_open_an_encrypted_backup_with_gpg_and_the_key_file()
    {
        Skip.IfNot(File.Exists("/usr/bin/gpg"), "gpg is not installed");
        await using var source = await TestDatabase.CreateAsync(provider);
        var key = Path.Combine(_folder, "backup-key");
        await File.WriteAllTextAsync(key, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
        var file = Path.Combine(_folder, "madoguchi.db.gpg");
        Assert.Equal(0, (await RunAsync(source, "db", "backup", file, "--key-file", key)).ExitCode);
        var home = Directory.CreateDirectory(Path.Combine(_folder, "gnupg")).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var plain = Path.Combine(_folder, "madoguchi.db");

        var start = new ProcessStartInfo("/usr/bin/gpg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--homedir", home, "--batch", "--pinentry-mode", "loopback", "--passphrase-file", key, "--output", plain, "--decrypt", file })
        {
            start.ArgumentList.Add(argument);
        }

        using var gpg = Process.Start(start)!;
        var error = await gpg.StandardError.ReadToEndAsync();
        await gpg.WaitForExitAsync();

        Assert.True(gpg.ExitCode == 0, error);
        Assert.Equal(provider == DatabaseProvider.Sqlite ? Madoguchi.Backups.BackupKind.Sqlite : Madoguchi.Backups.BackupKind.PostgresDump, Madoguchi.Backups.BackupFile.KindOf(plain));
    }

    private Task<CliResult> RunAsync(TestDatabase database, params string[] arguments) =>
        CliRunner.RunAsync(_folder, new Dictionary<string, string>
        {
            ["Madoguchi__Database__Provider"] = provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
            ["ConnectionStrings__Madoguchi"] = database.Settings.ConnectionString,
            ["Madoguchi__Audit__KeyFile"] = Path.Combine(_folder, "audit-keys"),
        }, arguments);
}

public sealed class DbCommandsOnSqlite() : DbCommandTests(DatabaseProvider.Sqlite);

public sealed class DbCommandsOnPostgres() : DbCommandTests(DatabaseProvider.Postgres);
