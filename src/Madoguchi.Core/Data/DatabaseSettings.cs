using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Data;

/// <summary>
/// Which database to use, read from <c>Madoguchi:Database:Provider</c> (sqlite | postgres) and
/// <c>ConnectionStrings:Madoguchi</c>. SQLite is the default: a file under <c>data/</c>, kept apart
/// for demo mode so that training data never mixes with a city's real ledger.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>True for the public role's connection: it may not create or change tables, only use them.</summary>
    public bool ReadOnlySchema { get; init; }

    /// <summary>The card key (outside the database) that contexts of this database digest dates of birth with; tests leave the development key.</summary>
    public Madoguchi.Booking.CardSecret? CardSecret { get; init; }

    public const string DefaultSqliteFile = "data/madoguchi.db";
    public const string DemoSqliteFile = "data/madoguchi-demo.db";

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var providerText = configuration["Madoguchi:Database:Provider"] ?? "sqlite";
        var provider = providerText.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            _ => throw new InvalidOperationException(
                $"Madoguchi__Database__Provider は sqlite か postgres を指定してください（指定値: {providerText}）。"),
        };
        var connection = configuration.GetConnectionString("Madoguchi");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException(
                    "PostgreSQL を使うときは ConnectionStrings__Madoguchi に接続文字列を設定してください。");
            }

            var demo = configuration.GetValue("Madoguchi:Demo", true);
            connection = $"Data Source={(demo ? DemoSqliteFile : DefaultSqliteFile)}";
        }

        return new DatabaseSettings(provider, connection);
    }

    public void Configure(DbContextOptionsBuilder builder)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            builder.UseSqlite(ConnectionString).AddInterceptors(SqlitePragmas.Instance);
        }
        else
        {
            builder.UseNpgsql(ConnectionString);
        }
    }

    /// <summary>Creates the folder that holds a SQLite file, so a fresh clone needs no set-up.</summary>
    public void PrepareStorage()
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder) && file != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }

    public T WithKey<T>(T db)
        where T : MadoguchiDb
    {
        if (CardSecret is { } key)
        {
            db.CardSecret = key;
        }

        return db;
    }

    public MadoguchiDb Open()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var builder = new DbContextOptionsBuilder<SqliteMadoguchiDb>();
            Configure(builder);
            return WithKey(new SqliteMadoguchiDb(builder.Options));
        }
        else
        {
            var builder = new DbContextOptionsBuilder<PostgresMadoguchiDb>();
            Configure(builder);
            return WithKey(new PostgresMadoguchiDb(builder.Options));
        }
    }
}

/// <summary>
/// Every SQLite connection runs in WAL mode with synchronous=NORMAL: a commit is safe when the
/// process is killed (the WAL is written before the commit returns) and costs no fsync; only a
/// power cut can lose the last moments, never corrupt the file. A city that needs more runs on
/// PostgreSQL (see docs/decisions/0006-booking-seats-and-sqlite-writers.md). secure_delete overwrites
/// deleted rows, so a cancelled booking's phone number is not left in the file.
/// </summary>
internal sealed class SqlitePragmas : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON;";
        command.ExecuteNonQuery();
    }
}

public static class DatabaseRegistration
{
    public static IServiceCollection AddMadoguchiDatabase(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContext<SqliteMadoguchiDb>(settings.Configure);
            services.AddScoped<MadoguchiDb>(sp => settings.WithKey(sp.GetRequiredService<SqliteMadoguchiDb>()));
        }
        else
        {
            services.AddDbContext<PostgresMadoguchiDb>(settings.Configure);
            services.AddScoped<MadoguchiDb>(sp => settings.WithKey(sp.GetRequiredService<PostgresMadoguchiDb>()));
        }

        return services;
    }
}

public static class DatabaseMigration
{
    /// <summary>Applies every pending migration; never drops data (the migrations only add).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(this DatabaseSettings settings, CancellationToken cancellationToken = default)
    {
        settings.PrepareStorage();
        await using var db = settings.Open();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the public zone read while an import writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        return pending;
    }

    /// <summary>For a role that may not migrate: refuses to start on a database that the office side has not migrated yet.</summary>
    public static async Task RequireMigratedAsync(this DatabaseSettings settings, CancellationToken cancellationToken = default)
    {
        await using var db = settings.Open();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"データベースが最新の形になっていません（未適用: {string.Join(", ", pending)}）。先に庁内側で madoguchi db migrate を実行してください。");
        }
    }
}
