using System.Text.Json;

using Madoguchi.Audit;
using Madoguchi.Tests.Cli;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Tests.Audit;

/// <summary>
/// `madoguchi audit verify` and `audit checkpoint` as the reviewers run them from a shell. The
/// command reads the real clock, so the entries are written on a day long past (2026-03-02).
/// </summary>
public sealed class AuditCommandTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _folder = Directory.CreateTempSubdirectory("madoguchi-cli-audit-").FullName;
        await using var db = _database.Open();
        // The office's key file where the command looks by default (data/audit-keys in its folder).
        AuditKeys.AddTo(Path.Combine(_folder, AuditKeys.DefaultFile), _clock);
        var keys = AuditKeys.From(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Madoguchi:Audit:KeyFile"] = Path.Combine(_folder, AuditKeys.DefaultFile) }).Build(), _clock);
        var log = new AuditLog(db, _clock, keys);
        for (var i = 1; i <= 4; i++)
        {
            await log.WriteAsync(new AuditEvent("ledger.entry.view", Records: [$"ledger:{i}"], StaffId: 3, StaffLogin: "tanaka", Role: "Clerk"));
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Verify_json_says_intact_then_names_the_changed_entry()
    {
        var intact = await RunAsync("audit", "verify", "--json");

        Assert.Equal(0, intact.ExitCode);
        var ok = JsonDocument.Parse(intact.Output).RootElement;
        Assert.True(ok.GetProperty("ok").GetBoolean());
        Assert.Equal(4, ok.GetProperty("entries").GetInt64());
        Assert.Equal(0, ok.GetProperty("checkpoints").GetInt32());
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("firstBadEntry").ValueKind);

        await TamperAsync("UPDATE audit_entries SET staff_login = 'suzuki' WHERE id = 2");
        var tampered = await RunAsync("audit", "verify", "--json");

        Assert.Equal(1, tampered.ExitCode);
        var bad = JsonDocument.Parse(tampered.Output).RootElement;
        Assert.False(bad.GetProperty("ok").GetBoolean());
        Assert.Equal(2, bad.GetProperty("firstBadEntry").GetInt64());
        Assert.Equal("第2番の記録の内容が書き換えられています（ハッシュが合いません）。", bad.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_checkpoint_exported_to_a_file_finds_a_cut_off_tail()
    {
        var file = Path.Combine(_folder, "checkpoints.txt");

        var written = await RunAsync("audit", "checkpoint", "--day", "2026-03-02", "--export", file);

        Assert.Equal(0, written.ExitCode);
        Assert.Contains("2026-03-02 のチェックポイントを書きました: 第4番", written.Output, StringComparison.Ordinal);
        await using (var db = _database.Open())
        {
            var last = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == 4);
            Assert.Equal($"2026-03-02\t4\t{last.Hash}\n", await File.ReadAllTextAsync(file));
        }

        var withFile = await RunAsync("audit", "verify", "--json", "--checkpoints", file);
        Assert.Equal(0, withFile.ExitCode);
        Assert.Equal(2, JsonDocument.Parse(withFile.Output).RootElement.GetProperty("checkpoints").GetInt32());

        // The tail and the database's checkpoint are both removed; the reviewers' file still knows entry 4.
        await TamperAsync("DELETE FROM audit_entries WHERE id >= 3; DELETE FROM audit_checkpoints;");
        var cut = await RunAsync("audit", "verify", "--json", "--checkpoints", file);

        Assert.Equal(1, cut.ExitCode);
        var result = JsonDocument.Parse(cut.Output).RootElement;
        Assert.Equal(3, result.GetProperty("firstBadEntry").GetInt64());
        Assert.Contains("第3番以降の記録が削除されています", result.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var missing = await RunAsync("audit", "verify", "--json", "--checkpoints", Path.Combine(_folder, "none.txt"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("チェックポイントのファイルが見つかりません", JsonDocument.Parse(missing.Output).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_needs_the_audit_key_and_a_new_key_leaves_the_old_entries_verifiable()
    {
        var elsewhere = Path.Combine(_folder, "other-keys");

        var without = await RunAsync("audit", "verify", "--json", "--key-file", Path.Combine(_folder, "none"));
        var added = await RunAsync("audit", "key", "add");
        var withBoth = await RunAsync("audit", "verify", "--json");
        await RunAsync("audit", "key", "add", "--key-file", elsewhere);
        var wrongKey = await RunAsync("audit", "verify", "--json", "--key-file", elsewhere);

        Assert.Equal(2, without.ExitCode);
        Assert.Contains("監査の鍵のファイルが見つかりません", JsonDocument.Parse(without.Output).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, added.ExitCode);
        Assert.Equal(2, (await File.ReadAllLinesAsync(Path.Combine(_folder, AuditKeys.DefaultFile))).Count(l => !l.StartsWith('#')));
        Assert.Equal(0, withBoth.ExitCode);
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("この鍵が与えられていません", JsonDocument.Parse(wrongKey.Output).RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private async Task TamperAsync(string sql)
    {
        await using var db = _database.Open();
        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS audit_entries_no_update; DROP TRIGGER IF EXISTS audit_entries_no_delete;");
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private Task<CliResult> RunAsync(params string[] arguments) =>
        CliRunner.RunAsync(_folder, new Dictionary<string, string>
        {
            ["Madoguchi__Database__Provider"] = "sqlite",
            ["ConnectionStrings__Madoguchi"] = _database.Settings.ConnectionString,
        }, arguments);
}
