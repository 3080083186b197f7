using Madoguchi.Audit;

namespace Madoguchi.Tests.Audit;

/// <summary>
/// Each day's last hash goes into a checkpoint once the day is over (Japan time), and out to a
/// text file the reviewers keep. Entries are written on Monday 3/1 (two, the second at 23:59),
/// none on Tuesday, one on Wednesday 3/3 at 00:00, one on Thursday 3/4; the clock then stands on
/// Thursday, so Thursday is not over yet.
/// </summary>
public sealed class AuditCheckpointTests : IAsyncLifetime
{
    // Monday 2027-03-01 09:00 in Ueda.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private MadoguchiDb _db = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _db = _database.Open();
        var log = new AuditLog(_db, _clock, AuditKeys.Generate());
        await log.WriteAsync(new AuditEvent("staff.signin", StaffLogin: "tanaka"));
        // 23:59 Monday in Ueda is 14:59 UTC: still Monday's, though the UTC date is the same either way.
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 14, 59, 0, TimeSpan.Zero));
        await log.WriteAsync(new AuditEvent("staff.signout", StaffLogin: "tanaka"));
        // 00:00 Wednesday in Ueda is 15:00 UTC on Tuesday: Wednesday's, not Tuesday's.
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 2, 15, 0, 0, TimeSpan.Zero));
        await log.WriteAsync(new AuditEvent("staff.signin", StaffLogin: "suzuki"));
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 4, 1, 0, 0, TimeSpan.Zero));
        await log.WriteAsync(new AuditEvent("staff.signin", StaffLogin: "tanaka"));
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_daily_job_writes_every_finished_day_with_entries_once()
    {
        var written = await new DailyAuditCheckpoint(_db, _clock).RunAsync();

        Assert.Equal(
            [(new DateOnly(2027, 3, 1), 2L), (new DateOnly(2027, 3, 3), 3L)],
            written.Select(c => (c.Day, c.LastEntryId)));
        var hashes = await _db.AuditEntries.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Hash);
        Assert.All(written, c => Assert.Equal(hashes[c.LastEntryId], c.LastHash));
        Assert.Empty(await new DailyAuditCheckpoint(_db, _clock).RunAsync());
        Assert.Equal(2, await _db.AuditCheckpoints.CountAsync());

        // Friday: Thursday is over now and is caught up, the earlier days are left as they are.
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal([new DateOnly(2027, 3, 4)], (await new DailyAuditCheckpoint(_db, _clock).RunAsync()).Select(c => c.Day));
    }

    [Fact]
    public async Task A_day_is_written_once_and_only_when_it_is_over_and_has_entries()
    {
        var write = new WriteAuditCheckpoint(_db, _clock);

        var first = await write.RunAsync(new DateOnly(2027, 3, 1));
        var again = await write.RunAsync(new DateOnly(2027, 3, 1));

        Assert.Equal(CheckpointOutcome.Written, first.Outcome);
        Assert.Equal(CheckpointOutcome.AlreadyWritten, again.Outcome);
        Assert.Equal((2L, first.Checkpoint!.LastHash), (again.Checkpoint!.LastEntryId, again.Checkpoint.LastHash));
        Assert.Equal(CheckpointOutcome.NoEntries, (await write.RunAsync(new DateOnly(2027, 3, 2))).Outcome);
        Assert.Equal(CheckpointOutcome.DayNotOver, (await write.RunAsync(new DateOnly(2027, 3, 4))).Outcome);
        Assert.Equal(1, await _db.AuditCheckpoints.CountAsync());
    }

    [Fact]
    public async Task The_export_is_one_tab_separated_line_per_day_and_reads_back()
    {
        await new DailyAuditCheckpoint(_db, _clock).RunAsync();
        var hashes = await _db.AuditEntries.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Hash);

        await using var text = new StringWriter();
        Assert.Equal(2, await new ExportCheckpoints(_db).RunAsync(text));

        Assert.Equal($"2027-03-01\t2\t{hashes[2]}\n2027-03-03\t3\t{hashes[3]}\n", text.ToString());
        var errors = new List<string>();
        var read = await CheckpointFile.ReadAsync(new StringReader("# 監査課の控え\n\n" + text), errors);
        Assert.Empty(errors);
        Assert.Equal([new CheckpointLine(new DateOnly(2027, 3, 1), 2, hashes[2]), new CheckpointLine(new DateOnly(2027, 3, 3), 3, hashes[3])], read);
    }

    [Fact]
    public async Task A_damaged_checkpoint_file_names_the_line_to_fix()
    {
        var errors = new List<string>();

        var read = await CheckpointFile.ReadAsync(new StringReader($"2027-03-01\t2\t{new string('a', 64)}\n2027/03/02 3 abc\n"), errors);

        Assert.Single(read);
        Assert.Equal(
            "チェックポイントのファイルの 2 行目が読めません。「日付（yyyy-MM-dd）、タブ、番号、タブ、64桁のハッシュ」の形にしてください（madoguchi audit checkpoint --export で書き出したままの形）。",
            Assert.Single(errors));
    }
}
