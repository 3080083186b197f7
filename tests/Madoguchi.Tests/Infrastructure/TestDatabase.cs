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

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        TestDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("madoguchi-test-").FullName;
            database = new TestDatabase(new DatabaseSettings(provider, $"Data Source={Path.Combine(folder, "madoguchi.db")}"), folder);
        }
        else
        {
            database = new TestDatabase(new DatabaseSettings(provider, await PostgresServer.CreateDatabaseAsync()), null);
        }

        if (migrate)
        {
            await database.Settings.MigrateAsync();
        }

        return database;
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
