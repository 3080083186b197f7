using Madoguchi.Calendar;
using Madoguchi.Ledger;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>A fresh, migrated database on one engine: a real SQLite file or a real PostgreSQL database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;

    private TestDatabase(DatabaseSettings settings, string? folder)
    {
        Settings = settings;
        _folder = folder;
    }

    public DatabaseSettings Settings { get; }

    public DatabaseProvider Provider => Settings.Provider;

    /// <summary>The SQLite file, for tests that read the bytes on disk.</summary>
    public string? SqliteFile => _folder is null ? null : Path.Combine(_folder, "madoguchi.db");

    /// <summary>
    /// A fresh database; when <paramref name="migrate"/>, a copy of one migrated once per test run and
    /// engine (a file copy on SQLite, <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL) instead of
    /// running every migration again for each test: the same schema, a second instead of a fraction.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("madoguchi-test-").FullName;
            var file = Path.Combine(folder, "madoguchi.db");
            if (migrate)
            {
                File.Copy(await SqliteTemplate.Value, file);
            }

            return new TestDatabase(new DatabaseSettings(provider, $"Data Source={file}"), folder);
        }

        return new TestDatabase(new DatabaseSettings(provider, await PostgresServer.CreateDatabaseAsync(migrate ? await PostgresTemplate.Value : null)), null);
    }

    /// <summary>A fresh, migrated database holding the given places (all of Ueda's when none are given).</summary>
    public static async Task<TestDatabase> WithPlacesAsync(DatabaseProvider provider, IReadOnlyList<PlaceDefinition>? places = null)
    {
        var database = await CreateAsync(provider);
        await using var db = database.Open();
        await PlaceSetup.SeedAsync(db, places ?? UedaPlaces.All);
        return database;
    }

    private static readonly Lazy<Task<string>> SqliteTemplate = new(MigratedSqliteFileAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<Task<string>> PostgresTemplate = new(MigratedPostgresDatabaseAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private static async Task<string> MigratedSqliteFileAsync()
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-template-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open at exit stays in the temporary folder.
            }
        };
        var file = Path.Combine(folder, "madoguchi.db");
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False");
        await settings.MigrateAsync();

        // Everything into the main file (WAL stays on in its header), so one file is the whole database.
        await using (var db = settings.Open())
        {
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        return file;
    }

    private static async Task<string> MigratedPostgresDatabaseAsync()
    {
        var connection = await PostgresServer.CreateDatabaseAsync();
        await new DatabaseSettings(DatabaseProvider.Postgres, connection).MigrateAsync();

        // A template may have no open connection while it is copied.
        NpgsqlConnection.ClearAllPools();
        return PostgresServer.NameOf(connection);
    }

    public MadoguchiDb Open() => Settings.Open();

    public async Task<int> PlaceIdAsync(string code)
    {
        await using var db = Open();
        return await db.Places.Where(p => p.Code == code).Select(p => p.Id).SingleAsync();
    }

    public async Task<long> BookingIdAsync(string code)
    {
        await using var db = Open();
        return await db.Bookings.Where(b => b.Code == code).Select(b => b.Id).SingleAsync();
    }

    public async Task<long> EntryIdAsync(string managementNumber)
    {
        await using var db = Open();
        return await db.LedgerEntries.Where(e => e.ManagementNumber == managementNumber).Select(e => e.Id).SingleAsync();
    }

    /// <summary>Puts ledger rows (<see cref="TestLedger.Columns"/>) in through the real import.</summary>
    public async Task<LedgerImportSummary> ImportLedgerAsync(TimeProvider clock, params IEnumerable<string> rows)
    {
        await using var db = Open();
        return await TestLedger.ImportAsync(db, clock, rows);
    }

    /// <summary>
    /// Looks for a value where the database keeps it, also written without its hyphens. SQLite: every
    /// connection closed and the write-ahead log checkpointed into the file, then the file's bytes
    /// (with <paramref name="piece"/>, any that many bytes of the value: without secure_delete the
    /// remains of an overwritten row are found this way). PostgreSQL: every row of the given tables, as text.
    /// </summary>
    public async Task<bool> ContainsAsync(string value, IReadOnlyList<string> tables, int? piece = null)
    {
        if (SqliteFile is { } file)
        {
            SqliteConnection.ClearAllPools();
            await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await checkpoint.ExecuteNonQueryAsync();
            }

            var needles = new[] { value, value.Replace("-", "", StringComparison.Ordinal) }.Select(Encoding.UTF8.GetBytes)
                .SelectMany(n => piece is { } length
                    ? Enumerable.Range(0, Math.Max(1, n.Length - length + 1)).Select(i => n.AsMemory(i, Math.Min(length, n.Length)))
                    : [n.AsMemory()])
                .ToList();
            foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
            {
                var bytes = await File.ReadAllBytesAsync(path);
                if (needles.Any(n => bytes.AsSpan().IndexOf(n.Span) >= 0))
                {
                    return true;
                }
            }

            return false;
        }

        await using var db = Open();
        var rows = string.Join(" UNION ALL ", tables.Select(t => $"SELECT t::text AS row_text FROM {t} t"));
        var sql = $"SELECT count(*)::int AS \"Value\" FROM ({rows}) x WHERE position({{0}} in row_text) > 0";
        var found = await db.Database.SqlQueryRaw<int>(sql, value).SingleAsync();
        return found > 0;
    }

    public ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
        }

        return ValueTask.CompletedTask;
    }
}
