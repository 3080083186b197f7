using System.Collections.Concurrent;
using System.Text;

using Madoguchi.Audit;
using Madoguchi.Backups;
using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Ledger;
using Madoguchi.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Backups;

/// <summary>
/// A backup taken while citizens keep booking, restored into an empty database: the audit chain
/// verifies and continues, the ledger, bookings and seats are one consistent moment between the
/// backup's start and end, and a booking made after the backup is absent. Encrypted backups need
/// their key; files are owner-only; a database that is not empty is never overwritten (ADR 0031).
/// </summary>
public abstract class BackupRestoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int Cards = 160;
    private static readonly DateTimeOffset MondayNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private string _folder = null!;
    private int _placeId;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _folder = Directory.CreateTempSubdirectory("madoguchi-backup-").FullName;
        await using var db = _database.Open();
        await PlaceSetup.SeedAsync(db, [UedaPlaces.All[0] with { SeatsPerSlot = Cards }]);
        _placeId = await db.Places.Select(p => p.Id).SingleAsync();
        var csv = new StringBuilder("管理番号,氏名,生年月日,性別,住所\r\n");
        for (var i = 0; i < Cards; i++)
        {
            csv.Append($"B{i % 100:D2}-{i:D6},試験　{i}郎,1980-01-01,男,上田市\r\n");
        }

        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        await new ImportLedgerFile(db, _clock, TestAudit.Trail(_clock)).RunAsync(file, "cards.csv", new LedgerImportOptions("test"));
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [SkippableFact]
    public async Task A_backup_taken_while_bookings_are_written_restores_one_consistent_moment_and_the_audit_chain_verifies()
    {
        var committed = new ConcurrentDictionary<string, DateTimeOffset>();
        using var stop = new CancellationTokenSource();
        var next = 0;
        var booking = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && next < Cards - 1)
            {
                var code = await BookAsync(next++);
                committed[code] = DateTimeOffset.UtcNow;
            }
        });
        while (committed.Count < 10)
        {
            await Task.Delay(20);
        }

        var before = committed.Keys.ToHashSet();
        var file = Path.Combine(_folder, "backup" + Extension);
        var backup = await new BackUpDatabase(_database.Settings, new BackupSettings(), TestAudit.Trail(_clock)).RunAsync(file);
        var after = committed.Keys.ToHashSet();
        await stop.CancelAsync();
        await booking;
        Assert.True(backup.Ok, backup.Problem?.Detail);
        var late = await BookAsync(Cards - 1);

        await using var target = await TestDatabase.CreateAsync(provider, migrate: false);
        var restored = await new RestoreDatabase(target.Settings, new BackupSettings(), TestAudit.Trail(_clock)).RunAsync(file);

        Assert.True(restored.Ok, restored.Problem?.Detail);
        Assert.False(backup.Value!.Encrypted);
        await using var db = target.Open();
        var verified = await new VerifyAuditLog(db, TestAudit.Keys).RunAsync();
        Assert.True(verified.Ok, verified.Reason);
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(("ledger.import", RestoreDatabase.Action), (entries[0].Action, entries[^1].Action));
        Assert.Equal($"file:{Path.GetFileName(file)},encrypted:no", entries[^1].Records);

        var codes = await db.Bookings.Select(b => b.Code).ToListAsync();
        Assert.Superset(before, codes.ToHashSet());
        Assert.Subset(after, codes.ToHashSet());
        Assert.DoesNotContain(late, codes);
        Assert.Equal(Cards, await db.LedgerEntries.CountAsync());
        var activePeople = await db.BookedCards.CountAsync(c => c.Active);
        Assert.Equal(codes.Count, activePeople);
        Assert.Equal(activePeople, await db.Slots.SumAsync(s => s.Taken));

        // The live database recorded the backup itself, after its snapshot.
        await using var live = _database.Open();
        var recorded = await live.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == BackUpDatabase.Action);
        Assert.Equal(backup.Value.AuditEntryId, recorded.Id);
        Assert.DoesNotContain(entries, e => e.Action == BackUpDatabase.Action);
    }

    [SkippableFact]
    public async Task An_encrypted_backup_is_owner_only_unreadable_without_its_key_and_restores_with_it()
    {
        var key = Path.Combine(_folder, "backup-key");
        await File.WriteAllTextAsync(key, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
        var wrong = Path.Combine(_folder, "other-key");
        await File.WriteAllTextAsync(wrong, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
        await BookAsync(0);
        var file = Path.Combine(_folder, "backup" + Extension + ".gpg");
        var settings = new BackupSettings { KeyFile = key };

        var backup = await new BackUpDatabase(_database.Settings, settings, TestAudit.Trail(_clock)).RunAsync(file);

        Assert.True(backup.Ok, backup.Problem?.Detail);
        Assert.True(backup.Value!.Encrypted);
        Assert.Equal(BackupKind.Encrypted, BackupFile.KindOf(file));
        Assert.DoesNotContain(Directory.GetFiles(_folder), f => f.EndsWith(".partial", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        await using var target = await TestDatabase.CreateAsync(provider, migrate: false);
        var restore = new RestoreDatabase(target.Settings, new BackupSettings(), TestAudit.Trail(_clock));
        Assert.Equal("backup-key-needed", (await restore.RunAsync(file)).Problem?.Code);
        var withWrongKey = await new RestoreDatabase(target.Settings, new BackupSettings { KeyFile = wrong }, TestAudit.Trail(_clock)).RunAsync(file);
        Assert.Equal("backup-key-wrong", withWrongKey.Problem?.Code);
        Assert.Contains("鍵", withWrongKey.Problem!.Title, StringComparison.Ordinal);

        var restored = await new RestoreDatabase(target.Settings, settings, TestAudit.Trail(_clock)).RunAsync(file);

        Assert.True(restored.Ok, restored.Problem?.Detail);
        await using var db = target.Open();
        Assert.Equal(1, await db.Bookings.CountAsync());
        Assert.Equal(Cards, await db.LedgerEntries.CountAsync());
        Assert.True((await new VerifyAuditLog(db, TestAudit.Keys).RunAsync()).Ok);
        Assert.EndsWith("encrypted:yes", (await db.AuditEntries.OrderBy(e => e.Id).LastAsync()).Records, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_restore_never_writes_into_a_database_that_holds_tables_and_a_backup_never_overwrites_a_file()
    {
        var file = Path.Combine(_folder, "backup" + Extension);
        Assert.True((await new BackUpDatabase(_database.Settings, new BackupSettings(), TestAudit.Trail(_clock)).RunAsync(file)).Ok);

        var again = await new BackUpDatabase(_database.Settings, new BackupSettings(), TestAudit.Trail(_clock)).RunAsync(file);
        var restored = await new RestoreDatabase(_database.Settings, new BackupSettings(), TestAudit.Trail(_clock)).RunAsync(file);

        Assert.Equal("backup-file-exists", again.Problem?.Code);
        Assert.Equal("database-not-empty", restored.Problem?.Code);
        Assert.Contains("空", restored.Problem!.Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_database_changed_by_a_newer_build_is_refused_by_migrate_and_the_dry_run_lists_nothing_to_change()
    {
        Assert.Empty(await _database.Settings.PendingMigrationsAsync());
        await using (var db = _database.Open())
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromTheFuture', '10.0.15')");
        }

        var refused = await Assert.ThrowsAsync<NewerSchemaException>(() => _database.Settings.MigrateAsync());
        Assert.Equal("29991231000000_FromTheFuture", refused.NewestInDatabase);
        Assert.Contains("29991231000000_FromTheFuture を含む版", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NewerSchemaException>(() => _database.Settings.PendingMigrationsAsync());
    }

    private string Extension => provider == DatabaseProvider.Sqlite ? ".db" : ".dump";

    private async Task<string> BookAsync(int card)
    {
        await using var db = _database.Open();
        var outcome = await new ConfirmBooking(db, _clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings()).RunAsync(
            new ConfirmRequest(null, _placeId, MondayNine, [new CardProof($"B{card % 100:D2}-{card:D6}", "1980-01-01")], "090-1234-5678", null, "test"));
        Assert.True(outcome.Ok, outcome.Problem?.Detail);
        return outcome.Value!.Code;
    }
}

public sealed class BackupRestoreOnSqlite() : BackupRestoreTests(DatabaseProvider.Sqlite);

public sealed class BackupRestoreOnPostgres() : BackupRestoreTests(DatabaseProvider.Postgres)
{
    /// <summary>
    /// The disaster case the drill is for: the server is gone and the backup goes into a new cluster
    /// made with initdb, where the two roles (cluster-wide, not in the dump) do not exist yet. The
    /// restore makes them, the grants hold again (the public role still cannot read a name), and the
    /// audit chain verifies.
    /// </summary>
    [SkippableFact]
    public async Task A_backup_restores_into_a_new_cluster_that_has_neither_role_and_the_wall_stands_again()
    {
        var bin = PostgresCluster.Binaries();
        await using var source = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        if (bin is null)
        {
            Assert.False(PostgresServer.InCi, "PostgreSQL's binaries are required under CI=true.");
            Skip.If(true, "PostgreSQL's initdb is not installed here (apt-get install postgresql).");
        }

        await using (var db = source.Open())
        {
            await PlaceSetup.SeedAsync(db, [UedaPlaces.All[0]]);
            await using var file = new MemoryStream(Encoding.UTF8.GetBytes("管理番号,氏名,生年月日,性別,住所\r\nC01-000001,試験　一郎,1980-01-01,男,上田市\r\n"));
            await new ImportLedgerFile(db, TimeProvider.System, TestAudit.Trail(TimeProvider.System)).RunAsync(file, "cards.csv", new LedgerImportOptions("test"));
        }

        var folder = Directory.CreateTempSubdirectory("madoguchi-drill-").FullName;
        using var cluster = PostgresCluster.Start(bin!);
        try
        {
            var dump = Path.Combine(folder, "drill.dump");
            var backup = await new BackUpDatabase(source.Settings, new BackupSettings(), TestAudit.Trail(TimeProvider.System)).RunAsync(dump);
            Assert.True(backup.Ok, backup.Problem?.Detail);
            await using (var admin = new Npgsql.NpgsqlConnection(cluster.ConnectionString))
            {
                await admin.OpenAsync();
                await using var none = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'madoguchi_%'", admin);
                Assert.Equal(0L, await none.ExecuteScalarAsync());
                await using var create = new Npgsql.NpgsqlCommand("CREATE DATABASE madoguchi", admin);
                await create.ExecuteNonQueryAsync();
            }

            var target = new DatabaseSettings(DatabaseProvider.Postgres, new Npgsql.NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "madoguchi" }.ConnectionString);
            var restored = await new RestoreDatabase(target, new BackupSettings(), TestAudit.Trail(TimeProvider.System)).RunAsync(dump);

            Assert.True(restored.Ok, restored.Problem?.Detail);
            await using var connection = new Npgsql.NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync();
            await using (var roles = new Npgsql.NpgsqlCommand("SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolname LIKE 'madoguchi_%'", connection))
            {
                Assert.Equal("madoguchi_office,madoguchi_public", await roles.ExecuteScalarAsync());
            }

            await using (var asPublic = new Npgsql.NpgsqlCommand("SET ROLE madoguchi_public; SELECT name FROM ledger_entries", connection))
            {
                var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => asPublic.ExecuteScalarAsync());
                Assert.Equal("42501", refused.SqlState);
            }

            await using (var reset = new Npgsql.NpgsqlCommand("RESET ROLE; SET ROLE madoguchi_office; SELECT name FROM ledger_entries", connection))
            {
                Assert.Equal("試験　一郎", await reset.ExecuteScalarAsync());
            }

            await using var restoredDb = target.Open();
            var verified = await new VerifyAuditLog(restoredDb, TestAudit.Keys).RunAsync();
            Assert.True(verified.Ok, verified.Reason);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
