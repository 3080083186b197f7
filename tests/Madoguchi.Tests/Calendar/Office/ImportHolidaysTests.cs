using Madoguchi.Calendar;
using Madoguchi.Calendar.Holidays;
using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Tests.Calendar.Office;

/// <summary>The city imports the Cabinet Office's syukujitsu.csv when a new year is published.</summary>
public abstract class ImportHolidaysTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>The official 2027 list plus a made-up 休日 on 2027-06-01, as the Cabinet Office writes it.</summary>
    public static byte[] File2027WithJuneFirst()
    {
        var holidays = ShippedHolidays.List.Holidays.Where(h => h.Date.Year == 2027)
            .Append(new NationalHoliday(new DateOnly(2027, 6, 1), "休日"));
        using var writer = new StringWriter();
        SyukujitsuFile.Write(writer, holidays);
        return LedgerFileEncoding.ShiftJis.GetBytes(writer.ToString());
    }

    [SkippableFact]
    public async Task The_file_replaces_the_imported_holidays_of_its_years_and_leaves_other_years_alone()
    {
        await StoreAsync(("2027-07-01", "古い祝日"), ("2027-01-01", "元日"), ("2028-01-01", "元日"));
        await using (var before = _database.Open())
        {
            // Read once, so that the year is in this process's calendar cache before the import.
            var old = await CityCalendar.LoadAsync(before, new DateOnly(2027, 6, 1), new DateOnly(2027, 6, 1));
            Assert.Null(old.CityClosed(new DateOnly(2027, 6, 1)));
        }

        var result = await ImportAsync(File2027WithJuneFirst());

        var shipped2027 = ShippedHolidays.List.Holidays.Count(h => h.Date.Year == 2027);
        Assert.True(result.Stored);
        var year = Assert.Single(result.Years);
        Assert.Equal((2027, shipped2027 + 1, 2, false), (year.Year, year.Holidays, year.Replaced, year.Partial));
        await using var db = _database.Open();
        var held = await db.ImportedHolidays.OrderBy(h => h.Date).ToListAsync();
        Assert.Equal(shipped2027 + 2, held.Count);
        Assert.DoesNotContain(held, h => h.Name == "古い祝日");
        Assert.Contains(held, h => h.Date == new DateOnly(2028, 1, 1));
        var calendar = await CityCalendar.LoadAsync(db, new DateOnly(2027, 6, 1), new DateOnly(2027, 6, 1));
        Assert.Equal(ClosedKind.NationalHoliday, calendar.CityClosed(new DateOnly(2027, 6, 1))!.Kind);
    }

    [SkippableFact]
    public async Task A_file_with_a_bad_line_is_refused_whole_and_nothing_changes()
    {
        await StoreAsync(("2027-01-01", "元日"));
        var file = LedgerFileEncoding.ShiftJis.GetBytes(SyukujitsuFile.Header + "\r\n2027/1/1,元日\r\n2027/2/30,建国記念の日\r\n2028/1/1,元日\r\n");

        var result = await ImportAsync(file);

        Assert.True(result.Refused);
        Assert.False(result.Stored);
        Assert.Empty(result.Years);
        Assert.Contains("3行目", Assert.Single(result.Errors), StringComparison.Ordinal);
        await using var db = _database.Open();
        Assert.Equal([new DateOnly(2027, 1, 1)], await db.ImportedHolidays.Select(h => h.Date).ToListAsync());
    }

    [SkippableFact]
    public async Task A_name_too_long_for_the_list_is_refused()
    {
        var file = Encoding.UTF8.GetBytes($"{SyukujitsuFile.Header}\n2027/1/1,{new string('祝', 61)}\n");

        var result = await ImportAsync(file);

        Assert.Contains("60文字以内", Assert.Single(result.Errors), StringComparison.Ordinal);
        await using var db = _database.Open();
        Assert.Equal(0, await db.ImportedHolidays.CountAsync());
    }

    [SkippableFact]
    public async Task A_check_says_what_an_import_would_do_and_stores_nothing()
    {
        await StoreAsync(("2027-01-01", "元日"));
        var file = Encoding.UTF8.GetBytes($"{SyukujitsuFile.Header}\n2027/1/1,元日\n2027/1/11,成人の日\n2028/6/1,休日\n");

        await using var db = _database.Open();
        var result = await new ImportHolidays(db, TestAudit.Trail(TimeProvider.System)).CheckAsync(new MemoryStream(file));

        Assert.False(result.Stored);
        Assert.Equal([(2027, 2, 1, false), (2028, 1, 0, true)], result.Years.Select(y => (y.Year, y.Holidays, y.Replaced, y.Partial)));
        Assert.Equal(1, await db.ImportedHolidays.CountAsync());
    }

    [SkippableFact]
    public async Task Each_year_says_whether_its_holidays_come_from_the_import_the_shipped_list_or_the_rules()
    {
        await ImportAsync(File2027WithJuneFirst());
        await using var db = _database.Open();

        var sources = await ImportHolidays.SourcesAsync(db, 2026, 2028);

        Assert.Equal(
            [(2026, HolidaySource.Shipped), (2027, HolidaySource.Imported), (2028, HolidaySource.Rules)],
            sources.Select(s => (s.Year, s.Source)));
        Assert.Equal(ShippedHolidays.List.Holidays.Count(h => h.Date.Year == 2027) + 1, sources[1].Holidays);
        Assert.Equal(JapaneseHolidays.Compute(2028).Count, sources[2].Holidays);
    }

    private async Task<HolidayImportResult> ImportAsync(byte[] file)
    {
        await using var db = _database.Open();
        return await new ImportHolidays(db, TestAudit.Trail(TimeProvider.System)).RunAsync(new MemoryStream(file));
    }

    private async Task StoreAsync(params (string Date, string Name)[] holidays)
    {
        await using var db = _database.Open();
        db.ImportedHolidays.AddRange(holidays.Select(h => new ImportedHoliday { Date = DateOnly.Parse(h.Date, System.Globalization.CultureInfo.InvariantCulture), Name = h.Name }));
        await db.SaveChangesAsync();
    }
}

public sealed class ImportHolidaysOnSqlite() : ImportHolidaysTests(DatabaseProvider.Sqlite);

public sealed class ImportHolidaysOnPostgres() : ImportHolidaysTests(DatabaseProvider.Postgres);
