using Madoguchi.Audit;

using Npgsql;

namespace Madoguchi.Tests.Audit;

/// <summary>On PostgreSQL even the tables' owner, which the office process may be, cannot change or remove an entry.</summary>
public sealed class AuditOwnerGuardTests
{
    [SkippableFact]
    public async Task The_owner_is_refused_too()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var db = database.Open();
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await new AuditLog(db, clock, AuditKeys.Generate()).WriteAsync(new AuditEvent("ledger.search", Records: ["ledger:1"]));
        await new WriteAuditCheckpoint(db, clock).RunAsync(new DateOnly(2027, 2, 28));

        foreach (var sql in new[] { "UPDATE audit_entries SET records = 'ledger:2'", "DELETE FROM audit_entries", "TRUNCATE audit_entries", "TRUNCATE audit_checkpoints" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(sql));
            Assert.Contains("cannot be changed or removed", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(1, await db.AuditEntries.CountAsync());
    }
}
