using Madoguchi.Audit;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Madoguchi.Tests.Audit;

/// <summary>
/// With the guard in place the database itself refuses to change or remove an audit entry: on
/// SQLite by triggers, on PostgreSQL by the grants of the application's role (madoguchi_office).
/// </summary>
public sealed class AuditGuardTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly AuditKeys _keys = AuditKeys.Generate();

    [Fact]
    public async Task Sqlite_triggers_refuse_update_and_delete()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.Open();
        await new AuditLog(db, _clock, _keys).WriteAsync(new AuditEvent("ledger.search", Records: ["ledger:1"], StaffLogin: "tanaka"));

        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET records = 'ledger:2' WHERE id = 1"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE id = 1"));

        Assert.Contains("audit entries cannot be changed", update.Message, StringComparison.Ordinal);
        Assert.Contains("audit entries cannot be deleted", delete.Message, StringComparison.Ordinal);
        Assert.Equal("ledger:1", (await db.AuditEntries.AsNoTracking().SingleAsync()).Records);
        Assert.True((await new VerifyAuditLog(db, _keys).RunAsync()).Ok);
    }

    [SkippableFact]
    public async Task The_office_role_on_postgres_appends_and_checkpoints_but_cannot_update_or_delete()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        const string Password = "office-role-test";
        await using (var owner = database.Open())
        {
            await owner.Database.ExecuteSqlRawAsync($"ALTER ROLE madoguchi_office PASSWORD '{Password}'");
        }

        // The throwaway cluster trusts loopback connections; a server given by MADOGUCHI_TEST_POSTGRES uses the password.
        var office = database.Settings with
        {
            ConnectionString = new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString)
            {
                Host = "127.0.0.1",
                Username = "madoguchi_office",
                Password = Password,
                Pooling = false,
            }.ConnectionString,
        };

        await using (var db = office.Open())
        {
            // What the application does as this role works: append two days' entries, write a checkpoint, verify.
            var log = new AuditLog(db, _clock, _keys);
            await log.WriteAsync(new AuditEvent("ledger.search", Records: ["ledger:1"], StaffLogin: "tanaka"));
            _clock.Advance(TimeSpan.FromDays(1));
            await log.WriteAsync(new AuditEvent("staff.signout", StaffLogin: "tanaka"));
            Assert.Single(await new DailyAuditCheckpoint(db, _clock).RunAsync());
            Assert.True((await new VerifyAuditLog(db, _keys).RunAsync()).Ok);
        }

        await using var connection = new NpgsqlConnection(office.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            "UPDATE audit_entries SET records = 'ledger:2' WHERE id = 1",
            "DELETE FROM audit_entries WHERE id = 2",
            "TRUNCATE audit_entries",
            "UPDATE audit_checkpoints SET last_entry_id = 1",
            "DELETE FROM audit_checkpoints",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        Assert.Equal("42501", PostgresErrorCodes.InsufficientPrivilege);
        await using var check = database.Open();
        Assert.Equal(["ledger:1", ""], await check.AuditEntries.OrderBy(e => e.Id).Select(e => e.Records).ToListAsync());
        Assert.Equal(1, await check.AuditCheckpoints.CountAsync());
    }
}
