using Microsoft.Data.Sqlite;
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
            _ => throw new Madoguchi.Operations.SettingTrouble(
                $"Madoguchi__Database__Provider は sqlite か postgres を指定してください（指定値: {providerText}）。"),
        };
        var connection = configuration.GetConnectionString("Madoguchi");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new Madoguchi.Operations.SettingTrouble(
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
