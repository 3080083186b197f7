using System.Text.Json;

using Madoguchi.Tests.Calendar.Office;

namespace Madoguchi.Tests.Cli.Audit;

/// <summary>
/// What an operator with shell access does to the ledger, the staff accounts, the calendar and the
/// schema leaves an entry naming their operating-system account, <c>cli</c> and the command, sealed
/// in the same chain that <c>madoguchi audit verify</c> checks. Every command runs in one folder, so
/// all of them (and verify) read the key file the first one made there, as on the office's server.
/// </summary>
public abstract class CommandLineAuditTests(DatabaseProvider provider) : IAsyncLifetime
{
    // One good row (a card no other test imports) and one bad management number: the import still commits.
    private const string Ledger =
        "管理番号,氏名,生年月日,性別,住所\r\n" +
        "C3L-918273,小県　志乃,1991-09-17,女,長野県上田市架空町一丁目2番3号\r\n" +
        "bad-1,真田　一郎,1985-04-12,男,長野県上田市真田町長\r\n";

    private CliWorkspace _cli = null!;

    public async Task InitializeAsync()
    {
        // Not migrated: `db migrate` is the first thing the operator runs, and must be recorded too.
        _cli = new CliWorkspace(await TestDatabase.CreateAsync(provider, migrate: false));
    }

    public async Task DisposeAsync() => await _cli.DisposeAsync();

    [SkippableFact]
    public async Task Each_command_that_changes_the_schema_the_ledger_the_accounts_or_the_calendar_names_the_os_user_and_cli_and_the_chain_verifies()
    {
        var ledger = Path.Combine(_cli.Folder, "national.csv");
        await File.WriteAllTextAsync(ledger, Ledger, new UTF8Encoding(false));
        var holidays = Path.Combine(_cli.Folder, "syukujitsu.csv");
        await File.WriteAllBytesAsync(holidays, ImportHolidaysTests.File2027WithJuneFirst());

        Assert.Equal(0, (await _cli.RunAsync("db", "migrate")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("staff", "add", "--login", "shell-sato", "--name", "佐藤 花", "--role", "clerk")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("calendar", "import-holidays", holidays)).ExitCode);
        Assert.Equal(1, (await _cli.RunAsync("ledger", "import", ledger)).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("purge")).ExitCode);
        var verify = await _cli.RunAsync("audit", "verify", "--json");

        await using var db = _cli.Database.Open();
        var staffId = await db.StaffAccounts.Where(a => a.UserName == "shell-sato").Select(a => a.Id).SingleAsync();
        var importId = await db.LedgerImports.Select(i => i.Id).SingleAsync();
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [
                ("db.migrate", "madoguchi db migrate"),
                ("staff.create", "madoguchi staff add"),
                ("calendar.holidays.import", "madoguchi calendar import-holidays"),
                ("ledger.import", "madoguchi ledger import"),
                ("purge", "madoguchi purge"),
            ],
            entries.Select(e => (e.Action, e.UserAgent)));
        Assert.All(entries, e =>
        {
            Assert.Equal(("ok", Environment.UserName, "cli", "cli", (int?)null), (e.Outcome, e.StaffLogin, e.Role, e.Address, e.StaffId));
        });
        Assert.StartsWith("migration:", entries[0].Records, StringComparison.Ordinal);
        Assert.Equal(db.Database.GetAppliedMigrations().Count(), entries[0].RecordCount);
        Assert.Equal($"staff:{staffId}", entries[1].Records);
        Assert.Equal("holidays:2027", entries[2].Records);
        Assert.Equal($"import:{importId}", entries[3].Records);

        Assert.Equal(0, verify.ExitCode);
        var result = JsonDocument.Parse(verify.Output).RootElement;
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(entries.Count, result.GetProperty("entries").GetInt64());
    }

    [SkippableFact]
    public async Task A_refused_staff_account_or_holiday_file_is_recorded_as_refused_and_a_migrate_with_nothing_to_do_still_says_who_ran_it()
    {
        var broken = Path.Combine(_cli.Folder, "syukujitsu.csv");
        // 2027/2/30 does not exist, so the whole file is refused.
        await File.WriteAllTextAsync(broken, "国民の祝日・休日月日,国民の祝日・休日名称\r\n2027/1/1,元日\r\n2027/2/30,建国記念の日\r\n", new UTF8Encoding(false));

        await _cli.RunAsync("db", "migrate");
        var again = await _cli.RunAsync("db", "migrate");
        // 部長 is not a role, so the account is refused before anything is stored.
        var refused = await _cli.RunAsync("staff", "add", "--login", "shell-sato", "--name", "佐藤 花", "--role", "部長");
        var file = await _cli.RunAsync("calendar", "import-holidays", broken);

        Assert.Equal((0, 2, 2), (again.ExitCode, refused.ExitCode, file.ExitCode));
        await using var db = _cli.Database.Open();
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).Skip(1).ToListAsync();
        Assert.Equal(
            [("db.migrate", "ok", ""), ("staff.create", "refused", ""), ("calendar.holidays.import", "refused", "")],
            entries.Select(e => (e.Action, e.Outcome, e.Records)));
        Assert.All(entries, e => Assert.Equal((Environment.UserName, "cli"), (e.StaffLogin, e.Role)));
    }
}

public sealed class CommandLineAuditOnSqlite() : CommandLineAuditTests(DatabaseProvider.Sqlite);

public sealed class CommandLineAuditOnPostgres() : CommandLineAuditTests(DatabaseProvider.Postgres);
