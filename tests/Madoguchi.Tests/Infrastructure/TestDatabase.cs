using Madoguchi.Data;

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
