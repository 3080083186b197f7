using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Tests.Ledger;

/// <summary>
/// The import as a city would run it, against a real database. The same cases run on SQLite and
/// on PostgreSQL, because each engine has its own way in (see the two row sinks).
/// </summary>
public abstract class LedgerImportTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Header = "管理番号,氏名,生年月日,性別,住所,申請区分,到着日";

    // 2026-11-26 12:00 in Tokyo; a fixed day so "future date" cases do not drift.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task Valid_rows_become_ready_entries_in_normal_form()
    {
        var summary = await ImportAsync(
            Header,
            // Full-width, lower case and a long dash: stored as A1B-123456.
            "ａ１ｂー１２３４５６,上田　太郎,昭和60年4月12日,1,長野県上田市大手一丁目1番1号,新規,2026-11-20",
            // Half-width without hyphen, era abbreviation, sex as 女, re-issue.
            "C2D654321,真田  花子,H1.1.8,女,長野県上田市真田町長100,再交付,R8.11.1");

        Assert.Equal((2, 2, 0, 0, 0), (summary.Rows, summary.Imported, summary.Unchanged, summary.Rejected, summary.Conflicts));
        await using var db = _database.Open();
        var entries = await db.LedgerEntries.OrderBy(e => e.ManagementNumber).ToListAsync();
        Assert.Collection(
            entries,
            e =>
            {
                Assert.Equal("A1B-123456", e.ManagementNumber);
                Assert.Equal("上田　太郎", e.Name);
                Assert.Equal(new DateOnly(1985, 4, 12), e.BirthDate);
                Assert.Equal(Sex.Male, e.Sex);
                Assert.Equal(ApplicationKind.New, e.Kind);
                Assert.Equal(new DateOnly(2026, 11, 20), e.ArrivedOn);
                Assert.Equal(CardStatus.Ready, e.Status);
                Assert.Equal(summary.ImportId, e.ImportId);
                Assert.Equal(2, e.ImportLine);
            },
            e =>
            {
                Assert.Equal("C2D-654321", e.ManagementNumber);
                // Two half-width spaces between family and given name become one full-width space.
                Assert.Equal("真田　花子", e.Name);
                // 平成 began on 1989-01-08.
                Assert.Equal(new DateOnly(1989, 1, 8), e.BirthDate);
                Assert.Equal(Sex.Female, e.Sex);
                Assert.Equal(ApplicationKind.Reissue, e.Kind);
                Assert.Equal(new DateOnly(2026, 11, 1), e.ArrivedOn);
            });
    }

    [SkippableFact]
    public async Task Without_an_arrival_column_the_arrival_is_the_day_of_import()
    {
        await ImportAsync("管理番号,氏名,生年月日,性別,住所", "A1B-123456,上田　太郎,1985-04-12,男,上田市大手");

        await using var db = _database.Open();
        var entry = await db.LedgerEntries.SingleAsync();
        Assert.Equal(new DateOnly(2026, 11, 26), entry.ArrivedOn);
        Assert.Equal(ApplicationKind.New, entry.Kind);
    }

    [SkippableFact]
    public async Task A_later_arrival_day_is_kept_so_the_card_is_not_ready_until_then()
    {
        // The national data may announce a card before it reaches the counter.
        await ImportAsync(Header, "A1B-123456,上田　太郎,1985-04-12,男,上田市,新規,2026-12-10");

        await using var db = _database.Open();
        Assert.Equal(new DateOnly(2026, 12, 10), (await db.LedgerEntries.SingleAsync()).ArrivedOn);
    }

    [SkippableFact]
    public async Task Bytes_that_are_not_text_in_the_chosen_encoding_are_rejected_not_stored_garbled()
    {
        var good = Encoding.UTF8.GetBytes(Header + "\r\nC2D-654321,真田　花子,1990-01-01,女,上田市真田町,新規,2026-11-20\r\nA1B-123456,上田");
        byte[] bytes = [.. good, 0xff, 0xfe, .. Encoding.UTF8.GetBytes("太郎,1985-04-12,男,上田市,新規,2026-11-20\r\n")];

        var summary = await ImportBytesAsync(bytes, new UTF8Encoding(false));

        Assert.Equal((1, 1), (summary.Imported, summary.Rejected));
        Assert.Equal(("氏名", LedgerMessages.Garbled), (summary.FirstProblems[0].Column, summary.FirstProblems[0].Reason));
    }

    [SkippableFact]
    public async Task Other_columns_are_named_in_the_report_and_never_stored()
    {
        // A My Number (12 digits) and a pension number must never reach the database.
        var summary = await ImportAsync(
            "管理番号,個人番号,氏名,生年月日,性別,住所,基礎年金番号",
            "A1B-123456,987654321098,上田　太郎,1985-04-12,男,上田市大手,1234-567890");

        Assert.Equal(["個人番号", "基礎年金番号"], summary.IgnoredColumns);
        Assert.Equal(1, summary.Imported);
        Assert.False(await DatabaseContainsAsync("987654321098"));
        Assert.False(await DatabaseContainsAsync("1234-567890"));
        Assert.True(await DatabaseContainsAsync("A1B-123456"));
    }

    [SkippableFact]
    public async Task Importing_the_same_file_again_adds_nothing()
    {
        var rows = new[] { Header, "A1B-123456,上田　太郎,1985-04-12,男,上田市大手,新規,2026-11-20", "C2D-654321,真田　花子,1990-01-01,女,上田市真田町,新規,2026-11-20" };
        await ImportAsync(rows);

        var again = await ImportAsync(rows);

        Assert.Equal((2, 0, 2, 0, 0), (again.Rows, again.Imported, again.Unchanged, again.Rejected, again.Conflicts));
        await using var db = _database.Open();
        Assert.Equal(2, await db.LedgerEntries.CountAsync());
        Assert.Equal(2, await db.LedgerImports.CountAsync());
    }

    [SkippableFact]
    public async Task A_number_held_with_different_personal_data_is_a_conflict_and_is_not_overwritten()
    {
        await ImportAsync(Header, "A1B-123456,上田　太郎,1985-04-12,男,上田市大手一丁目,新規,2026-11-20");

        // Same number, another name and address: a data error at the national side, or a mix-up.
        var summary = await ImportAsync(Header, "A1B-123456,上田　次郎,1985-04-12,男,上田市中央二丁目,新規,2026-11-20");

        Assert.Equal((1, 0, 0, 0, 1), (summary.Rows, summary.Imported, summary.Unchanged, summary.Rejected, summary.Conflicts));
        var conflict = Assert.Single(summary.FirstProblems);
        Assert.Equal((2, "氏名・住所", ProblemKind.Conflict), (conflict.Line, conflict.Column, conflict.Kind));
        Assert.Equal(LedgerMessages.ConflictInLedger, conflict.Reason);
        await using var db = _database.Open();
        var entry = await db.LedgerEntries.SingleAsync();
        Assert.Equal(("上田　太郎", "上田市大手一丁目"), (entry.Name, entry.Address));
        var stored = await db.LedgerImportProblems.SingleAsync(p => p.ImportId == summary.ImportId);
        Assert.Equal((2, "氏名・住所", ProblemKind.Conflict), (stored.Line, stored.Column, stored.Kind));
    }

    [SkippableFact]
    public async Task Within_one_file_a_repeated_row_is_unchanged_and_a_contradicting_one_is_a_conflict()
    {
        var summary = await ImportAsync(
            Header,
            "A1B-123456,上田　太郎,1985-04-12,男,上田市大手,新規,2026-11-20",
            "A1B123456,上田　太郎,1985-04-12,男,上田市大手,新規,2026-11-20",
            "A1B-123456,上田　太郎,1985-04-13,男,上田市大手,新規,2026-11-20");

        Assert.Equal((3, 1, 1, 0, 1), (summary.Rows, summary.Imported, summary.Unchanged, summary.Rejected, summary.Conflicts));
        var conflict = Assert.Single(summary.FirstProblems);
        Assert.Equal((4, "生年月日", LedgerMessages.ConflictInFile), (conflict.Line, conflict.Column, conflict.Reason));
        await using var db = _database.Open();
        Assert.Equal(new DateOnly(1985, 4, 12), (await db.LedgerEntries.SingleAsync()).BirthDate);
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        // row, the column named in the report, the start of the reason
        { "A1B-12345,上田　太郎,1985-04-12,男,上田市,新規,2026-11-20", "管理番号", ManagementNumber.FormatError },
        { "A1-1234567,上田　太郎,1985-04-12,男,上田市,新規,2026-11-20", "管理番号", ManagementNumber.FormatError },
        { "A1B-123456,,1985-04-12,男,上田市,新規,2026-11-20", "氏名", LedgerMessages.NameMissing },
        { "A1B-123456,上田　太郎,1985-02-30,男,上田市,新規,2026-11-20", "生年月日", "" },
        { "A1B-123456,上田　太郎,平成31年5月1日,男,上田市,新規,2026-11-20", "生年月日", "" },
        { "A1B-123456,上田　太郎,1985年4月,男,上田市,新規,2026-11-20", "生年月日", "" },
        { "A1B-123456,上田　太郎,2026-11-27,男,上田市,新規,2026-11-20", "生年月日", LedgerMessages.BirthDateInFuture },
        { "A1B-123456,上田　太郎,1985-04-12,3,上田市,新規,2026-11-20", "性別", SexCode.FormatError },
        { "A1B-123456,上田　太郎,1985-04-12,男,,新規,2026-11-20", "住所", LedgerMessages.AddressMissing },
        { "A1B-123456,上田　太郎,1985-04-12,男,上田市,紛失,2026-11-20", "申請区分", LedgerMessages.KindUnknown },
        { "A1B-123456,上田\uFFFD太郎,1985-04-12,男,上田市,新規,2026-11-20", "氏名", LedgerMessages.Garbled },
        { "A1B-123456,上田　太郎,1985-04-12,男,上田市\uFFFD,新規,2026-11-20", "住所", LedgerMessages.Garbled },
        { "A1B-123456,上田　太郎,1985-04-12,男,上田市,新規,2026-13-01", "到着日", "" },
        { "A1B-123456,上田　太郎,1985-04-12,男,上田市,新規", "(行全体)", "列の数が見出し行と合いません（見出し 7 列、この行 6 列）" },
        { "A1B-123456,上田　太郎,1985-04-12,男,上田\"市,新規,2026-11-20", "(行全体)", "" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_is_reported_with_its_line_column_and_reason_and_the_good_rows_still_import(string bad, string column, string reason)
    {
        var summary = await ImportAsync(
            Header,
            "C2D-654321,真田　花子,1990-01-01,女,上田市真田町,新規,2026-11-20",
            bad,
            "E3F-111111,丸子　三郎,2000-02-29,男,上田市上丸子,更新,2026-11-20");

        Assert.Equal((3, 2, 1), (summary.Rows, summary.Imported, summary.Rejected));
        var problem = Assert.Single(summary.FirstProblems);
        Assert.Equal((3, column, ProblemKind.Rejected), (problem.Line, problem.Column, problem.Kind));
        Assert.StartsWith(reason, problem.Reason, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.Reason));
        await using var db = _database.Open();
        Assert.Equal(["C2D-654321", "E3F-111111"], await db.LedgerEntries.OrderBy(e => e.ManagementNumber).Select(e => e.ManagementNumber).ToListAsync());
        var stored = await db.LedgerImportProblems.SingleAsync();
        Assert.Equal((3, column, problem.Reason), (stored.Line, stored.Column, stored.Reason));
    }

    [SkippableFact]
    public async Task A_row_with_several_bad_values_names_each_column_and_counts_once()
    {
        var summary = await ImportAsync(Header, "XYZ,,1985-13-01,9,,新規,2026-11-20");

        Assert.Equal(1, summary.Rejected);
        Assert.Equal(["管理番号", "氏名", "生年月日", "性別", "住所"], summary.FirstProblems.Select(p => p.Column));
        Assert.All(summary.FirstProblems, p => Assert.Equal(2, p.Line));
    }

    [SkippableFact]
    public async Task Line_numbers_count_physical_lines_across_quoted_line_breaks()
    {
        // The address of line 2 spans two physical lines, so the bad row starts on line 4.
        var summary = await ImportAsync(
            Header,
            "A1B-123456,上田　太郎,1985-04-12,男,\"上田市大手一丁目\r\nコーポ\"\"大手\"\",101\",新規,2026-11-20",
            "bad-number,上田　次郎,1985-04-12,男,上田市,新規,2026-11-20");

        Assert.Equal(4, Assert.Single(summary.FirstProblems).Line);
        await using var db = _database.Open();
        Assert.Equal("上田市大手一丁目\r\nコーポ\"大手\",101", (await db.LedgerEntries.SingleAsync()).Address);
    }

    [SkippableFact]
    public async Task Shift_jis_files_keep_characters_only_windows_has()
    {
        // 髙 and ① are in CP932 but not in plain JIS X 0208: a naive Shift_JIS decoder loses them.
        var csv = string.Join("\r\n", Header, "A1B-123456,髙橋　①子,1985-04-12,女,上田市常田二丁目①,新規,2026-11-20") + "\r\n";

        var summary = await ImportBytesAsync(LedgerFileEncoding.ShiftJis.GetBytes(csv));

        Assert.Equal("Shift_JIS", summary.Encoding);
        await using var db = _database.Open();
        var entry = await db.LedgerEntries.SingleAsync();
        Assert.Equal(("髙橋　①子", "上田市常田二丁目①"), (entry.Name, entry.Address));
    }

    [SkippableFact]
    public async Task Utf8_with_a_bom_and_lf_line_ends_imports()
    {
        var csv = string.Join("\n", Header, "A1B-123456,上田　太郎,1985-04-12,男,上田市,新規,2026-11-20");

        var summary = await ImportBytesAsync([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]);

        Assert.Equal(("UTF-8", 1), (summary.Encoding, summary.Imported));
        Assert.Empty(summary.IgnoredColumns);
    }

    [SkippableFact]
    public async Task A_chosen_encoding_overrides_detection()
    {
        var bytes = LedgerFileEncoding.ShiftJis.GetBytes(Header + "\r\nA1B-123456,上田　太郎,1985-04-12,男,上田市,新規,2026-11-20\r\n");

        // Read as UTF-8 on purpose: the header no longer matches, so the file is refused whole.
        await Assert.ThrowsAsync<LedgerFileRejectedException>(() => ImportBytesAsync(bytes, new UTF8Encoding(false)));
        await AssertLedgerEmptyAsync();
    }

    [SkippableFact]
    public async Task A_file_without_a_required_column_is_refused_whole()
    {
        var error = await Assert.ThrowsAsync<LedgerFileRejectedException>(
            () => ImportAsync("管理番号,氏名,生年月日,性別", "A1B-123456,上田　太郎,1985-04-12,男"));

        Assert.Contains("住所", error.Message, StringComparison.Ordinal);
        await AssertLedgerEmptyAsync();
    }

    [SkippableFact]
    public async Task An_empty_file_is_refused()
    {
        await Assert.ThrowsAsync<LedgerFileRejectedException>(() => ImportBytesAsync([]));
        await AssertLedgerEmptyAsync();
    }

    [SkippableFact]
    public async Task A_dry_run_reports_everything_and_stores_nothing()
    {
        var summary = await ImportAsync(true, Header, "A1B-123456,上田　太郎,1985-04-12,男,上田市,新規,2026-11-20", "bad,上田　次郎,1985-04-12,男,上田市,新規,2026-11-20");

        Assert.Equal((2, 1, 1, true), (summary.Rows, summary.Imported, summary.Rejected, summary.DryRun));
        Assert.Null(summary.ImportId);
        await AssertLedgerEmptyAsync();
    }

    [SkippableFact]
    public async Task A_crash_part_way_leaves_the_ledger_as_it_was()
    {
        await ImportAsync(Header, "Z9Z-999999,先行　一郎,1970-01-01,男,上田市,新規,2026-11-20");
        var rows = Enumerable.Range(0, 5000).Select(i => $"A{i % 10}B-{i:D6},上田　太郎,1985-04-12,男,上田市大手,新規,2026-11-20");
        var bytes = Encoding.UTF8.GetBytes(string.Join("\r\n", rows.Prepend(Header)));

        // The disk read fails after about half the file, as when a USB stick is pulled out.
        await using var failing = new FailingStream(bytes, failAfter: bytes.Length / 2);
        await using (var db = _database.Open())
        {
            await Assert.ThrowsAsync<IOException>(() =>
                new ImportLedgerFile(db, _clock, TestAudit.Trail(_clock)).RunAsync(failing, "national.csv", new LedgerImportOptions("test")));
        }

        await using var check = _database.Open();
        Assert.Equal(["Z9Z-999999"], await check.LedgerEntries.Select(e => e.ManagementNumber).ToListAsync());
        Assert.Equal(1, await check.LedgerImports.CountAsync());
        Assert.Equal(0, await check.LedgerImportProblems.CountAsync());
    }

    [SkippableFact]
    public async Task The_import_records_the_file_hash_and_who_imported_it()
    {
        var csv = Header + "\r\nA1B-123456,上田　太郎,1985-04-12,男,上田市,新規,2026-11-20\r\n";
        var summary = await ImportBytesAsync(Encoding.UTF8.GetBytes(csv));

        await using var db = _database.Open();
        var import = await db.LedgerImports.SingleAsync();
        Assert.Equal(summary.ImportId, import.Id);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(csv))), import.FileSha256);
        Assert.Equal(("test", _clock.GetUtcNow()), (import.ImportedBy, import.ImportedAt));
    }

    private Task<LedgerImportSummary> ImportAsync(params string[] lines) => ImportAsync(false, lines);

    private Task<LedgerImportSummary> ImportAsync(bool dryRun, params string[] lines) =>
        ImportBytesAsync(Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n"), null, dryRun);

    private async Task<LedgerImportSummary> ImportBytesAsync(byte[] bytes, Encoding? encoding = null, bool dryRun = false)
    {
        await using var db = _database.Open();
        await using var stream = new MemoryStream(bytes);
        return await new ImportLedgerFile(db, _clock, TestAudit.Trail(_clock)).RunAsync(stream, "national.csv", new LedgerImportOptions("test", dryRun, encoding));
    }

    private async Task AssertLedgerEmptyAsync()
    {
        await using var db = _database.Open();
        Assert.Equal(0, await db.LedgerEntries.CountAsync());
        Assert.Equal(0, await db.LedgerImports.CountAsync());
        Assert.Equal(0, await db.LedgerImportProblems.CountAsync());
    }

    /// <summary>Looks for a value anywhere the database keeps data: the SQLite file, or every ledger row.</summary>
    private Task<bool> DatabaseContainsAsync(string value) =>
        _database.ContainsAsync(value, ["ledger_entries", "ledger_imports", "ledger_import_problems"]);

    private sealed class FailingStream(byte[] bytes, int failAfter) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => Check(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Check(base.Read(buffer));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Check(base.Read(buffer.Span)));

        private int Check(int read) => Position > failAfter && Position > 64 * 1024 ? throw new IOException("The device is not ready.") : read;
    }
}

public sealed class LedgerImportOnSqlite() : LedgerImportTests(DatabaseProvider.Sqlite);

public sealed class LedgerImportOnPostgres() : LedgerImportTests(DatabaseProvider.Postgres);
