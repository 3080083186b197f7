using Madoguchi.Data;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Madoguchi.Cli.Bench;

/// <summary>A fresh database for one benchmark run: a SQLite file in the run's folder, or a PostgreSQL database created and dropped on the given server.</summary>
public sealed record BenchDatabase(DatabaseSettings Settings, string? Server) : IAsyncDisposable
{
    public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider, string? postgresConnection, string folder, string name, CancellationToken cancellationToken)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return new BenchDatabase(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, name + ".db")}"), null);
        }

        var server = new NpgsqlConnectionStringBuilder(postgresConnection);
        var databaseName = $"madoguchi_bench_{Environment.ProcessId}_{name}";
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName}; CREATE DATABASE {databaseName}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var target = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = databaseName, MaxPoolSize = 40 };
        return new BenchDatabase(new DatabaseSettings(DatabaseProvider.Postgres, target.ConnectionString), server.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is null)
        {
            SqliteConnection.ClearAllPools();
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(Settings.ConnectionString).Database;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
