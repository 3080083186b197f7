using Madoguchi.Audit;

using Npgsql;

namespace Madoguchi.Tests.Wall.Attacks;

/// <summary>
/// The city's issue 13.2, replayed on a real PostgreSQL: whoever holds a database role (the public
/// zone's, the office's, or the owner's with the guards taken away) but not the audit key tries to
/// put an entry into the log that `audit verify` accepts. The office wrote three entries with its key.
/// </summary>
public sealed class AuditForgeryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly AuditKeys _keys = AuditKeys.Generate();
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var db = _database.Open();
        var log = new AuditLog(db, _clock, _keys);
        for (var i = 1; i <= 3; i++)
        {
            await log.WriteAsync(new AuditEvent("ledger.entry.view", Records: [$"ledger:{i}"], StaffId: 7, StaffLogin: "tanaka", Role: "Clerk"));
            _clock.Advance(TimeSpan.FromMinutes(5));
        }

        await DatabaseRoles.AllowLoginAsync(db, "madoguchi_public", "madoguchi_office");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task The_public_role_can_neither_read_the_chain_nor_append_to_it()
    {
        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_public");

        await connection.RefusesAsync(
            "SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1",
            "SELECT count(*) FROM audit_entries");
        var forged = await ForgeAfterLastAsync();
        await connection.RefusesAsync(
            InsertSql(forged),
            "SELECT * FROM audit_checkpoints");

        Assert.True((await VerifyAsync()).Ok);
    }

    [SkippableFact]
    public async Task An_entry_chained_with_the_plain_hash_by_a_role_that_may_append_fails_verify()
    {
        // The forgery: an export of the ledger search as admin, chained with AuditLog.HashOf.
        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_office");
        var forged = await ForgeAfterLastAsync();
        await using (var insert = new NpgsqlCommand(InsertSql(forged), connection))
        {
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        var result = await VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal((4L, AuditFault.Unsealed), (result.FirstBadEntry, result.Fault));
    }

    [SkippableFact]
    public async Task An_entry_that_claims_the_key_without_having_it_fails_verify()
    {
        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_office");
        var forged = await ForgeAfterLastAsync();
        await using (var insert = new NpgsqlCommand(InsertSql(forged, keyId: _keys.Current.Id), connection))
        {
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        var result = await VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal(4L, result.FirstBadEntry);
    }

    [SkippableFact]
    public async Task A_changed_entry_whose_chain_was_recomputed_without_the_key_fails_verify()
    {
        // The owner, guards dropped, hides that ledger:2 was viewed and recomputes every hash from there.
        await using var db = _database.Open();
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_entries DISABLE TRIGGER USER");
        var entries = await db.AuditEntries.OrderBy(e => e.Id).ToListAsync();
        entries[1].Records = "ledger:99";
        for (var i = 1; i < entries.Count; i++)
        {
            entries[i].PreviousHash = entries[i - 1].Hash;
            entries[i].Hash = AuditLog.HashOf(entries[i], entries[i].PreviousHash);
        }

        await db.SaveChangesAsync();

        var result = await VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal(2L, result.FirstBadEntry);
    }

    [SkippableFact]
    public async Task Without_the_key_that_sealed_the_log_verify_does_not_pass_it()
    {
        await using var db = _database.Open();

        var result = await new VerifyAuditLog(db, AuditKeys.Generate("other")).RunAsync();

        Assert.False(result.Ok);
        Assert.Equal((1L, AuditFault.KeyMissing), (result.FirstBadEntry, result.Fault));
    }

    /// <summary>The entry, chained to the log's last entry (read with the owner's rights, as a forger would who may read it).</summary>
    private async Task<AuditEntry> ForgeAfterLastAsync()
    {
        await using var db = _database.Open();
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).FirstAsync();
        var entry = new AuditEntry
        {
            Id = last.Id + 1,
            At = _clock.GetUtcNow(),
            StaffLogin = "admin",
            Role = "Administrator",
            Action = "export.ledger.search.csv",
            Records = "ledger:1",
            RecordCount = 1,
            Outcome = AuditOutcome.Ok,
            PreviousHash = last.Hash,
            Hash = "",
        };
        entry.Hash = AuditLog.HashOf(entry, entry.PreviousHash);
        return entry;
    }

    private static string InsertSql(AuditEntry e, string? keyId = null) =>
        "INSERT INTO audit_entries (id, at, staff_login, role, action, records, record_count, outcome, previous_hash, hash"
        + (keyId is null ? "" : ", key_id")
        + $") VALUES ({e.Id}, {e.At.UtcTicks}, '{e.StaffLogin}', '{e.Role}', '{e.Action}', '{e.Records}', {e.RecordCount}, '{e.Outcome}', '{e.PreviousHash}', '{e.Hash}'"
        + (keyId is null ? "" : $", '{keyId}'")
        + ")";

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var db = _database.Open();
        return await new VerifyAuditLog(db, _keys).RunAsync();
    }
}
