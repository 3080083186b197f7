using Madoguchi.Ledger;

using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Madoguchi.Tests.Data;

/// <summary>Each engine has its own migrations; both must match the model and never lose data.</summary>
public abstract class MigrationTests(DatabaseProvider provider)
{
    [SkippableFact]
    public async Task The_migrations_match_the_model()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Open();

        // A model change without its migration would be applied by nobody: add one per provider.
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [SkippableFact]
    public async Task Migrating_a_database_that_holds_a_ledger_keeps_every_entry()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            await using var file = new MemoryStream("管理番号,氏名,生年月日,性別,住所\r\nA1B-123456,上田　太郎,1985-04-12,男,上田市\r\n"u8.ToArray());
            await new ImportLedgerFile(db, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero)), TestAudit.Trail(TimeProvider.System))
                .RunAsync(file, "a.csv", new LedgerImportOptions("test"));
        }

        var applied = await database.Settings.MigrateAsync();

        Assert.Empty(applied);
        await using var check = database.Open();
        Assert.Equal("A1B-123456", (await check.LedgerEntries.SingleAsync()).ManagementNumber);
    }

    [SkippableFact]
    public async Task Upgrading_from_the_first_release_keeps_the_ledger()
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var db = database.Open())
        {
            var first = db.Database.GetMigrations().First();
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(first);
            // Written as the first release's schema has it: an import and one ledger entry.
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO ledger_imports (file_name, file_sha256, encoding, imported_at, imported_by, rows, imported, unchanged, rejected, conflicts, ignored_columns) VALUES ('a.csv', '', 'UTF-8', 0, 'test', 1, 1, 0, 0, 0, '')");
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO ledger_entries (management_number, name, birth_date, birth_digest, sex, address, kind, arrived_on, status, status_changed_at, import_id, import_line) " +
                "VALUES ('A1B-123456', '上田　太郎', {0}, 'x', 1, '上田市', 1, {1}, 1, 0, 1, 2)",
                new DateOnly(1985, 4, 12),
                new DateOnly(2026, 11, 20));
        }

        var applied = await database.Settings.MigrateAsync();

        Assert.NotEmpty(applied);
        await using var check = database.Open();
        var entry = await check.LedgerEntries.SingleAsync();
        Assert.Equal(("A1B-123456", "上田　太郎"), (entry.ManagementNumber, entry.Name));
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
    }

    [SkippableFact]
    public async Task Migrations_only_add_they_never_drop_a_table_or_column()
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var db = database.Open();
        var migrator = db.Database.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>();

        foreach (var (id, type) in migrator.Migrations)
        {
            var migration = migrator.CreateMigration(type, db.Database.ProviderName!);
            var drops = migration.UpOperations.Where(o =>
                o is Microsoft.EntityFrameworkCore.Migrations.Operations.DropTableOperation
                or Microsoft.EntityFrameworkCore.Migrations.Operations.DropColumnOperation);
            Assert.True(!drops.Any(), $"Migration {id} drops data; upgrading must never lose data (write a copy-then-drop over two releases and an ADR).");
        }
    }
}

public sealed class MigrationsOnSqlite() : MigrationTests(DatabaseProvider.Sqlite);

public sealed class MigrationsOnPostgres() : MigrationTests(DatabaseProvider.Postgres);
