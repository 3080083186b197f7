using Madoguchi.Audit;

namespace Madoguchi.Tests.Audit;

/// <summary>
/// Someone with the database owner's rights tampers with the audit log behind the application's
/// back; `audit verify` must find it and name the first entry touched. Six entries are written over
/// two days (ids 1–3 on Monday 2027-03-01, 4–6 on Tuesday 3/2), and both days get checkpoints on
/// Wednesday, as the daily job would. The same cases run on SQLite and PostgreSQL.
/// </summary>
public abstract class AuditTamperTests(DatabaseProvider provider) : IAsyncLifetime
{
    // Monday 2027-03-01 09:00 in Ueda.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly AuditKeys _keys = AuditKeys.Generate();
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await using var db = _database.Open();
        var log = new AuditLog(db, _clock, _keys);
        for (var i = 1; i <= 6; i++)
        {
            if (i == 4)
            {
                _clock.Advance(TimeSpan.FromDays(1));
            }

            await log.WriteAsync(new AuditEvent("ledger.entry.view", Records: [$"ledger:{i * 10}"], StaffId: 7, StaffLogin: "tanaka", Role: "Clerk", Address: "10.1.2.3", UserAgent: "Edge"));
            _clock.Advance(TimeSpan.FromMinutes(5));
        }

        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, (await new DailyAuditCheckpoint(db, _clock).RunAsync()).Count);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task An_untouched_log_is_intact()
    {
        var result = await VerifyAsync();

        Assert.True(result.Ok, result.Reason);
        Assert.Equal((6L, 2, (long?)null), (result.Entries, result.Checkpoints, result.FirstBadEntry));
        Assert.Equal("監査ログは改ざんされていません（6 件の記録を監査の鍵で確かめ、チェックポイント 2 件と一致しました）。", result.Reason);
    }

    [SkippableFact]
    public async Task A_changed_field_names_that_entry()
    {
        // Hiding that record 30 was looked at: entry 3 now claims record 99.
        await TamperAsync("UPDATE audit_entries SET records = 'ledger:99' WHERE id = 3");

        var result = await VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal((3L, AuditFault.Changed), (result.FirstBadEntry, result.Fault));
        Assert.Equal("第3番の記録の内容が書き換えられています（ハッシュが合いません）。", result.Reason);
    }

    [SkippableFact]
    public async Task A_deleted_middle_entry_is_named()
    {
        await TamperAsync("DELETE FROM audit_entries WHERE id = 2");

        var result = await VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal((2L, AuditFault.Removed, 5L), (result.FirstBadEntry, result.Fault, result.Entries));
        Assert.Equal("第2番の記録が削除されています（番号が飛んでいます）。", result.Reason);
    }

    [SkippableFact]
    public async Task A_deleted_entry_with_the_later_ids_closed_up_is_named()
    {
        // The careful way to hide a deletion: move every later entry down one id so no gap shows.
        await TamperAsync("DELETE FROM audit_entries WHERE id = 2");
        for (var id = 3; id <= 6; id++)
        {
            await TamperAsync($"UPDATE audit_entries SET id = {id - 1} WHERE id = {id}");
        }

        var result = await VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal((2L, AuditFault.Removed), (result.FirstBadEntry, result.Fault));
        Assert.Contains("第2番から1件の記録が削除され", result.Reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Two_swapped_entries_are_found_as_reordered()
    {
        // Entries 2 and 3 trade places: every column but the id moves, hashes included.
        await SwapAsync(2, 3);

        var result = await VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal((2L, AuditFault.Reordered), (result.FirstBadEntry, result.Fault));
        Assert.Equal("第2番の記録の順序が入れ替えられています（この記録は本来 第3番の記録の後にあります）。", result.Reason);
    }

    [SkippableFact]
    public async Task Two_entries_that_traded_contents_but_kept_their_hashes_are_found_as_reordered()
    {
        await SwapAsync(2, 3, hashes: false);

        var result = await VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal((2L, AuditFault.Reordered), (result.FirstBadEntry, result.Fault));
        Assert.Equal("第2番の記録の内容は本来 第3番のものです（記録の順序が入れ替えられています）。", result.Reason);
    }

    [SkippableFact]
    public async Task A_tail_cut_off_after_the_last_checkpoint_is_found()
    {
        // Tuesday's checkpoint names entry 6; entries 5 and 6 are deleted. The chain 1–4 alone is whole.
        await TamperAsync("DELETE FROM audit_entries WHERE id >= 5");

        var result = await VerifyAsync();

        Assert.False(result.Ok);
        Assert.Equal((5L, AuditFault.EndsEarly), (result.FirstBadEntry, result.Fault));
        Assert.Equal(
            "監査ログは第4番で終わっていますが、データベースのチェックポイント（2027-03-02、第6番）は第6番までの記録を示しています。第5番以降の記録が削除されています。",
            result.Reason);
    }

    [SkippableFact]
    public async Task History_rewritten_with_its_checkpoints_is_caught_by_the_copy_kept_outside()
    {
        // The reviewers took their copy of the checkpoints before the tampering.
        IReadOnlyList<CheckpointLine> reviewersCopy;
        await using (var db = _database.Open())
        {
            await using var copy = new StringWriter();
            Assert.Equal(2, await new ExportCheckpoints(db).RunAsync(copy));
            reviewersCopy = await CheckpointFile.ReadAsync(new StringReader(copy.ToString()), []);
        }

        // Entry 2 is changed and every hash after it recomputed, the database's checkpoints too.
        await TamperAsync("UPDATE audit_entries SET records = 'ledger:99' WHERE id = 2");
        await RechainAsync();

        var inside = await VerifyAsync();
        Assert.True(inside.Ok, "A rewrite that also fixes the database's checkpoints cannot be seen from inside: that is why the copy is kept outside.");

        var result = await VerifyAsync(reviewersCopy);

        Assert.False(result.Ok);
        Assert.Equal((3L, AuditFault.Rewritten, 4), (result.FirstBadEntry, result.Fault, result.Checkpoints));
        Assert.Equal(
            "第3番の記録のハッシュが外部に保管したチェックポイント（2027-03-01、第3番）と一致しません。第1番〜第3番のどこかが書き換えられ、その後のハッシュが計算し直されています。",
            result.Reason);
    }

    [SkippableFact]
    public async Task The_office_process_daily_watch_sees_the_change_on_its_next_check()
    {
        var watch = new AuditChainWatch(_clock);
        Assert.True(watch.IsDue);
        await using (var db = _database.Open())
        {
            var first = await watch.VerifyAsync(db, _keys);
            Assert.Equal((true, 6L, (long?)null), (first.Intact, first.VerifiedEntryId, first.FirstBadEntry));
        }

        // Checked just now: not due again until a day has passed.
        Assert.False(watch.IsDue);
        await TamperAsync("UPDATE audit_entries SET records = 'ledger:99' WHERE id = 3");
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.True(watch.IsDue);

        await using (var db = _database.Open())
        {
            var second = await watch.VerifyAsync(db, _keys);

            // Whole up to entry 2, the one before the changed entry.
            Assert.Equal((false, 2L, (long?)3, AuditFault.Changed), (second.Intact, second.VerifiedEntryId, second.FirstBadEntry, second.Fault));
            Assert.Same(second, watch.Last);
        }
    }

    private async Task<AuditVerification> VerifyAsync(IReadOnlyList<CheckpointLine>? outside = null)
    {
        await using var db = _database.Open();
        return await new VerifyAuditLog(db, _keys).RunAsync(outside);
    }

    /// <summary>Runs SQL as the database owner, around the guard.</summary>
    private async Task TamperAsync(string sql)
    {
        await DropGuardAsync();
        await using var db = _database.Open();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>The refusing triggers are taken away first, as an attacker with the database's superuser could.</summary>
    private async Task DropGuardAsync()
    {
        await using var db = _database.Open();
        await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Sqlite
            ? "DROP TRIGGER IF EXISTS audit_entries_no_update; DROP TRIGGER IF EXISTS audit_entries_no_delete;"
            : "ALTER TABLE audit_entries DISABLE TRIGGER USER; ALTER TABLE audit_checkpoints DISABLE TRIGGER USER;");
    }

    private async Task SwapAsync(long a, long b, bool hashes = true)
    {
        await DropGuardAsync();
        await using var db = _database.Open();
        var x = await db.AuditEntries.SingleAsync(e => e.Id == a);
        var y = await db.AuditEntries.SingleAsync(e => e.Id == b);
        (x.At, y.At) = (y.At, x.At);
        (x.Action, y.Action) = (y.Action, x.Action);
        (x.Records, y.Records) = (y.Records, x.Records);
        (x.RecordCount, y.RecordCount) = (y.RecordCount, x.RecordCount);
        (x.StaffId, y.StaffId) = (y.StaffId, x.StaffId);
        (x.StaffLogin, y.StaffLogin) = (y.StaffLogin, x.StaffLogin);
        (x.Role, y.Role) = (y.Role, x.Role);
        (x.Address, y.Address) = (y.Address, x.Address);
        (x.UserAgent, y.UserAgent) = (y.UserAgent, x.UserAgent);
        (x.Outcome, y.Outcome) = (y.Outcome, x.Outcome);
        if (hashes)
        {
            (x.PreviousHash, y.PreviousHash) = (y.PreviousHash, x.PreviousHash);
            (x.Hash, y.Hash) = (y.Hash, x.Hash);
        }

        await db.SaveChangesAsync();
    }

    /// <summary>
    /// What a careful tamperer who also stole the audit key does next: recomputes every seal and the
    /// checkpoints to match (without the key he cannot: AuditForgeryTests).
    /// </summary>
    private async Task RechainAsync()
    {
        await DropGuardAsync();
        await using var db = _database.Open();
        var previous = AuditLog.Genesis;
        foreach (var e in await db.AuditEntries.OrderBy(e => e.Id).ToListAsync())
        {
            e.PreviousHash = previous;
            e.Hash = AuditLog.SealOf(e, previous, _keys.Current);
            previous = e.Hash;
        }

        await db.SaveChangesAsync();
        foreach (var c in await db.AuditCheckpoints.ToListAsync())
        {
            c.LastHash = (await db.AuditEntries.SingleAsync(e => e.Id == c.LastEntryId)).Hash;
        }

        await db.SaveChangesAsync();
    }
}

public sealed class AuditTamperOnSqlite() : AuditTamperTests(DatabaseProvider.Sqlite);

public sealed class AuditTamperOnPostgres() : AuditTamperTests(DatabaseProvider.Postgres);
