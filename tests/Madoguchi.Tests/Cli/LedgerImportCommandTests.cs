using System.Text.Json;

using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Tests.Cli;

/// <summary>`madoguchi ledger import` and `madoguchi db migrate` as IT staff run them from a shell.</summary>
public abstract class LedgerImportCommandTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string File =
        "管理番号,氏名,生年月日,性別,住所,申請区分,到着日,個人番号\r\n" +
        "A1B-123456,上田　太郎,昭和60年4月12日,男,長野県上田市大手一丁目1番1号,新規,2026-11-20,987654321098\r\n" +
        "bad-1,真田　一郎,1985-04-12,男,長野県上田市真田町長,新規,2026-11-20,111122223333\r\n";

    private CliWorkspace _cli = null!;

    public async Task InitializeAsync() => _cli = new CliWorkspace(await TestDatabase.CreateAsync(provider, migrate: false));

    public async Task DisposeAsync() => await _cli.DisposeAsync();

    [SkippableFact]
    public async Task Json_prints_one_summary_object_and_the_exit_code_tells_some_rows_were_rejected()
    {
        var file = Path.Combine(_cli.Folder, "national.csv");
        await System.IO.File.WriteAllBytesAsync(file, LedgerFileEncoding.ShiftJis.GetBytes(File));

        var result = await _cli.RunAsync("ledger", "import", file, "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("national.csv", root.GetProperty("file").GetString());
        Assert.Equal(2, root.GetProperty("rows").GetInt32());
        Assert.Equal(1, root.GetProperty("imported").GetInt32());
        Assert.Equal(0, root.GetProperty("unchanged").GetInt32());
        Assert.Equal(1, root.GetProperty("rejected").GetInt32());
        Assert.Equal(0, root.GetProperty("conflicts").GetInt32());
        Assert.Equal(["個人番号"], root.GetProperty("ignoredColumns").EnumerateArray().Select(e => e.GetString()));

        var again = await _cli.RunAsync("ledger", "import", file, "--json");
        using var second = JsonDocument.Parse(again.Output);
        Assert.Equal((0, 1), (second.RootElement.GetProperty("imported").GetInt32(), second.RootElement.GetProperty("unchanged").GetInt32()));
        await using var db = _cli.Database.Open();
        Assert.Equal(1, await db.LedgerEntries.CountAsync());
    }

    [SkippableFact]
    public async Task A_dry_run_changes_nothing_and_prints_the_report_in_japanese()
    {
        var file = Path.Combine(_cli.Folder, "national.csv");
        await System.IO.File.WriteAllTextAsync(file, File, new UTF8Encoding(false));

        var result = await _cli.RunAsync("ledger", "import", file, "--dry-run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("確認のみ", result.Output, StringComparison.Ordinal);
        Assert.Contains("3 行目 [管理番号]", result.Output, StringComparison.Ordinal);
        await using var db = _cli.Database.Open();
        Assert.Equal(0, await db.LedgerEntries.CountAsync());
    }

    [SkippableFact]
    public async Task A_missing_file_or_an_unknown_encoding_is_refused_with_exit_code_2()
    {
        var missing = await _cli.RunAsync("ledger", "import", Path.Combine(_cli.Folder, "nothing.csv"), "--json");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("ファイルが見つかりません", JsonDocument.Parse(missing.Output).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

        var file = Path.Combine(_cli.Folder, "national.csv");
        await System.IO.File.WriteAllTextAsync(file, File);
        var encoding = await _cli.RunAsync("ledger", "import", file, "--encoding", "latin1");
        Assert.Equal(2, encoding.ExitCode);
        Assert.Contains("--encoding", encoding.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Db_migrate_creates_the_schema_and_running_it_again_changes_nothing()
    {
        var first = await _cli.RunAsync("db", "migrate");
        var second = await _cli.RunAsync("db", "migrate");

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("件の変更を適用しました", first.Output, StringComparison.Ordinal);
        Assert.Contains("データベースは最新です", second.Output, StringComparison.Ordinal);
    }
}

public sealed class LedgerImportCommandOnSqlite() : LedgerImportCommandTests(DatabaseProvider.Sqlite);

public sealed class LedgerImportCommandOnPostgres() : LedgerImportCommandTests(DatabaseProvider.Postgres);
