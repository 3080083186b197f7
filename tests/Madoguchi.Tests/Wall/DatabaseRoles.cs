using Npgsql;

namespace Madoguchi.Tests.Wall;

/// <summary>The PostgreSQL roles the migrations make, logged in as the city's DBA would let them.</summary>
public static class DatabaseRoles
{
    private const string InsufficientPrivilege = "42501";

    /// <summary>The roles exist (the migrations made them) and need a password to log in.</summary>
    public static async Task AllowLoginAsync(MadoguchiDb db, params string[] roles)
    {
        foreach (var role in roles)
        {
            var sql = $"ALTER ROLE {role} PASSWORD 'x'";
            await db.Database.ExecuteSqlRawAsync(sql);
        }
    }

    public static string As(TestDatabase database, string role) =>
        new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString) { Username = role, Password = "x", Pooling = false }.ConnectionString;

    public static async Task<NpgsqlConnection> ConnectAsync(TestDatabase database, string role)
    {
        var connection = new NpgsqlConnection(As(database, role));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs each statement in turn; each must be refused as insufficient_privilege.</summary>
    public static async Task RefusesAsync(this NpgsqlConnection connection, params string[] statements)
    {
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(InsufficientPrivilege, refused.SqlState);
        }
    }

    public static async Task<object?> ScalarAsync(this NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
