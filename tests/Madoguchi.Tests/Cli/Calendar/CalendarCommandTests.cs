using System.Text.Json;

using Madoguchi.Calendar;
using Madoguchi.Calendar.Holidays;
using Madoguchi.Ledger.Parsing;
using Madoguchi.Tests.Calendar.Office;

namespace Madoguchi.Tests.Cli.Calendar;

/// <summary>`madoguchi calendar holidays` and `madoguchi calendar import-holidays` as IT staff run them from a shell.</summary>
public abstract class CalendarCommandTests(DatabaseProvider provider) : IAsyncLifetime
{
    private CliWorkspace _cli = null!;

    public async Task InitializeAsync() => _cli = new CliWorkspace(await TestDatabase.WithPlacesAsync(provider));

    public async Task DisposeAsync() => await _cli.DisposeAsync();

    [SkippableFact]
    public async Task Holidays_lists_every_closed_day_of_the_year_with_its_reason_as_json()
    {
        await using (var db = _cli.Database.Open())
        {
            var maruko = await _cli.Database.PlaceIdAsync("maruko");
            db.ClosedDays.AddRange(
                new ClosedDay { Date = new DateOnly(2027, 5, 10), Reason = "庁舎の電気設備点検" },
                new ClosedDay { Date = new DateOnly(2027, 6, 15), PlaceId = maruko, From = new TimeOnly(13, 0), Until = new TimeOnly(17, 15), Reason = "職員研修" });
            await db.SaveChangesAsync();
        }

        var result = await _cli.RunAsync("calendar", "holidays", "--year", "2027", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var days = json.RootElement.EnumerateArray().Select(Day).ToList();
        Assert.Contains(("2027-01-01", "national-holiday", "元日", null, null, null), days);
        Assert.Contains(("2027-01-11", "national-holiday", "成人の日", null, null, null), days);
        foreach (var date in new[] { "2027-01-02", "2027-01-03", "2027-12-29", "2027-12-30", "2027-12-31" })
        {
            Assert.Contains((date, "year-end", "年末年始", null, null, null), days);
        }

        Assert.Contains(("2027-05-10", "city", "庁舎の電気設備点検", null, null, null), days);
        Assert.Contains(("2027-06-15", "place", "職員研修", "maruko", "13:00", "17:15"), days);
        Assert.Equal(days.OrderBy(d => d.Date, StringComparer.Ordinal).Select(d => d.Date), days.Select(d => d.Date));
        Assert.All(days, d => Assert.StartsWith("2027-", d.Date, StringComparison.Ordinal));

        var text = await _cli.RunAsync("calendar", "holidays", "--year", "2027");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("2027-01-01（金）  国民の祝日・休日  元日", text.Output, StringComparison.Ordinal);
        Assert.Contains("2027-12-29（水）  年末年始\n", text.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("maruko（丸子自治センター） 13:00-17:15  職員研修", text.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Import_holidays_replaces_the_year_and_the_listing_shows_the_new_day()
    {
        var file = Path.Combine(_cli.Folder, "syukujitsu.csv");
        await File.WriteAllBytesAsync(file, ImportHolidaysTests.File2027WithJuneFirst());

        var imported = await _cli.RunAsync("calendar", "import-holidays", file, "--json");

        Assert.Equal(0, imported.ExitCode);
        using (var json = JsonDocument.Parse(imported.Output))
        {
            var year = Assert.Single(json.RootElement.GetProperty("years").EnumerateArray());
            Assert.Equal(2027, year.GetProperty("year").GetInt32());
            Assert.Equal(json.RootElement.GetProperty("imported").GetInt32(), year.GetProperty("holidays").GetInt32());
            Assert.False(year.GetProperty("partial").GetBoolean());
        }

        var listed = await _cli.RunAsync("calendar", "holidays", "--year", "2027", "--json");
        using var days = JsonDocument.Parse(listed.Output);
        var june = Assert.Single(days.RootElement.EnumerateArray(), d => d.GetProperty("date").GetString() == "2027-06-01");
        Assert.Equal("national-holiday", june.GetProperty("kind").GetString());
        Assert.StartsWith("休日", june.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var again = await _cli.RunAsync("calendar", "import-holidays", file);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("取り込みました", again.Output, StringComparison.Ordinal);
        await using var db = _cli.Database.Open();
        Assert.Equal(ShippedHolidays.List.Holidays.Count(h => h.Date.Year == 2027) + 1, await db.ImportedHolidays.CountAsync());
    }

    [SkippableFact]
    public async Task Import_holidays_refuses_a_file_with_a_bad_date_with_exit_code_2_and_stores_nothing()
    {
        var file = Path.Combine(_cli.Folder, "syukujitsu.csv");
        await File.WriteAllBytesAsync(file, LedgerFileEncoding.ShiftJis.GetBytes("国民の祝日・休日月日,国民の祝日・休日名称\r\n2027/1/1,元日\r\n2027/2/30,建国記念の日\r\n"));

        var text = await _cli.RunAsync("calendar", "import-holidays", file);
        var json = await _cli.RunAsync("calendar", "import-holidays", file, "--json");

        Assert.Equal((2, 2), (text.ExitCode, json.ExitCode));
        Assert.Contains("3行目: 日付「2027/2/30」が読めません", text.Error, StringComparison.Ordinal);
        Assert.Contains("何も保存していません", text.Error, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(json.Output);
        Assert.Contains("3行目", Assert.Single(parsed.RootElement.GetProperty("errors").EnumerateArray()).GetString(), StringComparison.Ordinal);
        await using var db = _cli.Database.Open();
        Assert.Equal(0, await db.ImportedHolidays.CountAsync());
    }

    [SkippableFact]
    public async Task A_missing_file_or_a_year_out_of_range_is_refused_with_exit_code_2()
    {
        var missing = await _cli.RunAsync("calendar", "import-holidays", Path.Combine(_cli.Folder, "nothing.csv"));
        var year = await _cli.RunAsync("calendar", "holidays", "--year", "1900");

        Assert.Equal((2, 2), (missing.ExitCode, year.ExitCode));
        Assert.Contains("ファイルが見つかりません", missing.Error, StringComparison.Ordinal);
        Assert.Contains("1949 から 2099", year.Error, StringComparison.Ordinal);
    }

    private static (string Date, string? Kind, string? Reason, string? Place, string? From, string? Until) Day(JsonElement e) =>
        (e.GetProperty("date").GetString()!, e.GetProperty("kind").GetString(), e.GetProperty("reason").GetString(),
            e.GetProperty("place").GetString(), e.GetProperty("from").GetString(), e.GetProperty("until").GetString());
}

public sealed class CalendarCommandOnSqlite() : CalendarCommandTests(DatabaseProvider.Sqlite);

public sealed class CalendarCommandOnPostgres() : CalendarCommandTests(DatabaseProvider.Postgres);
