using Npgsql;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the tests: the one named by MADOGUCHI_TEST_POSTGRES (a connection
/// string to a server where databases may be created), or else a throwaway cluster started with
/// Debian's binaries in a temporary folder on a free loopback port. Without either, tests that
/// need it are skipped on a developer's machine and fail under CI=true.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<(string? Connection, string? Why)> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databases;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A connection string to a new, empty database of its own.</summary>
    /// <summary>A fresh database; with <paramref name="template"/>, a copy of that (already migrated) database.</summary>
    public static async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var (connection, why) = Server.Value;
        if (connection is null)
        {
            if (InCi)
            {
                throw new InvalidOperationException("PostgreSQL is required under CI=true: " + why);
            }

            Skip.If(true, "PostgreSQL is not available here: " + why);
        }

        var name = $"madoguchi_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var admin = new NpgsqlConnection(connection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(connection) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>The name of a database in the connection string, for copying it as a template.</summary>
    public static string NameOf(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;

    private static (string?, string?) Start()
    {
        var (connection, why) = StartServer();
        if (connection is not null)
        {
            MakeRoles(connection);
        }

        return (connection, why);
    }

    /// <summary>
    /// The migrations make the two cluster-wide roles if missing; two test databases migrating at
    /// once would race to make them, so the roles are made once here, before any migration runs.
    /// </summary>
    private static void MakeRoles(string connection)
    {
        using var admin = new NpgsqlConnection(connection);
        admin.Open();
        using var create = new NpgsqlCommand("""
            DO $roles$
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'madoguchi_office') THEN CREATE ROLE madoguchi_office LOGIN; END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'madoguchi_public') THEN CREATE ROLE madoguchi_public LOGIN; END IF;
            END
            $roles$;
            """, admin);
        create.ExecuteNonQuery();
    }

    private static (string?, string?) StartServer()
    {
        var given = Environment.GetEnvironmentVariable("MADOGUCHI_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(given))
        {
            return (given, null);
        }

        var bin = PostgresCluster.Binaries();
        if (bin is null)
        {
            return (null, "no MADOGUCHI_TEST_POSTGRES and no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)");
        }

        var cluster = PostgresCluster.Start(bin);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return (cluster.ConnectionString, null);
    }
}
