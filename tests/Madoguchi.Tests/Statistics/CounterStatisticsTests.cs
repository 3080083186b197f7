using ClosedXML.Excel;

using Madoguchi.Booking;
using Madoguchi.Booking.Phone;
using Madoguchi.Calendar;
using Madoguchi.Counter;
using Madoguchi.Exports;
using Madoguchi.Ledger;
using Madoguchi.Statistics;

namespace Madoguchi.Tests.Statistics;

/// <summary>
/// The dashboard's figures against a ledger and bookings built for the test through the real
/// import, booking and counter classes, on both engines. Bookings are made on Monday 2027-02-22
/// 10:00 (2/23 is 天皇誕生日) for Wednesday 2/24 and Thursday 2/25:
/// <list type="bullet">
/// <item>本庁舎 2/24 9:00, 太郎 and 花子: checked in at counter 2, both cards handed over at 9:05.</item>
/// <item>本庁舎 2/24 9:15, 次郎: nobody comes (来庁なし).</item>
/// <item>本庁舎 2/24 10:00, 三郎: cancelled by phone (a tombstone).</item>
/// <item>丸子 2/25 9:00, 四郎: checked in at counter 1, handed over at 9:05; 五郎 comes without a booking at 10:30.</item>
/// <item>本庁舎 2/24 11:00, 六郎 without a booking at counter 1, then corrected (the wrong card): not counted.</item>
/// <item>本庁舎 closes on Friday 2/26 from 13:00 to 15:00: 8 slots of 2 seats.</item>
/// </list>
/// Seats: 本庁舎 8:30–17:15 in 15-minute slots is 35 slots of 2 seats (70); 丸子, 真田 and 武石 35 each;
/// 南庁舎 opens on 3/1. A weekday offers 70 + 3 × 35 = 175 seats.
/// </summary>
public abstract class CounterStatisticsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Taro = "A1B-000001";
    private const string Hanako = "A1B-000002";
    private const string Jiro = "A1B-000003";
    private const string Saburo = "A1B-000004";
    private const string Shiro = "A1B-000005";
    private const string Goro = "A1B-000006";
    private const string Rokuro = "A1B-000007";
    private const string Birth = "1980-01-01";
    private const int Clerk = 7;

    private static readonly string[] Everywhere = ["honcho", "minami", "maruko", "sanada", "takeshi"];
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 10, 0, 0, Japan));
    private TestDatabase _database = null!;
    private MadoguchiDb _db = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _db = _database.Open();
        await PlaceSetup.SeedAsync(_db, UedaPlaces.All);
        // Arrival dates put the cards still waiting on 2/26 into each age group (see the waiting test).
        await ImportAsync(
            (Taro, "2027-02-01"), (Hanako, "2027-02-01"), (Jiro, "2027-02-10"), (Saburo, "2027-02-20"), (Shiro, "2027-02-01"),
            (Goro, "2027-02-01"), (Rokuro, "2027-01-15"), ("Z00-000001", "2026-11-01"), ("Z00-000002", "2026-06-01"),
            ("Z00-000003", "2025-12-01"), ("Z00-000004", "2025-12-01"));

        var family = await BookAsync("honcho", At(24, 9, 0), Taro, Hanako);
        var alone = await BookAsync("honcho", At(24, 9, 15), Jiro);
        var cancelled = await BookAsync("honcho", At(24, 10, 0), Saburo);
        var maruko = await BookAsync("maruko", At(25, 9, 0), Shiro);
        Assert.True((await new CancelByPhone(_db, _clock, new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(cancelled, "都合が悪くなった", Clerk, _ => true)).Ok);

        _clock.SetUtcNow(At(24, 9, 0));
        Assert.True((await new CheckIn(_db, _clock, TestAudit.Trail(_clock)).RunAsync(family, 2, Everywhere)).Ok);
        _clock.SetUtcNow(At(24, 9, 5));
        Assert.True((await new IssueCard(_db, _clock, TestAudit.Trail(_clock)).ForBookingAsync(family, Taro, confirmed: true, Clerk, Everywhere)).Ok);
        Assert.True((await new IssueCard(_db, _clock, TestAudit.Trail(_clock)).ForBookingAsync(family, Hanako, confirmed: true, Clerk, Everywhere)).Ok);
        _clock.SetUtcNow(At(24, 9, 31));
        Assert.True((await new MarkNoShow(_db, _clock, TestAudit.Trail(_clock)).RunAsync(alone, Everywhere)).Ok);
        _clock.SetUtcNow(At(24, 11, 0));
        var wrong = await new IssueCard(_db, _clock, TestAudit.Trail(_clock)).WalkInAsync(new WalkInRequest(Rokuro, Rokuro, "honcho", 1, true), Clerk, Everywhere);
        Assert.True(wrong.Ok, wrong.Problem?.Detail);
        Assert.True((await new CorrectIssue(_db, _clock, TestAudit.Trail(_clock)).RunAsync(wrong.Value!.Id, "別の人のカードを渡しかけた", Clerk, Everywhere)).Ok);

        _clock.SetUtcNow(At(25, 9, 0));
        Assert.True((await new CheckIn(_db, _clock, TestAudit.Trail(_clock)).RunAsync(maruko, 1, Everywhere)).Ok);
        _clock.SetUtcNow(At(25, 9, 5));
        Assert.True((await new IssueCard(_db, _clock, TestAudit.Trail(_clock)).ForBookingAsync(maruko, Shiro, confirmed: true, Clerk, Everywhere)).Ok);
        _clock.SetUtcNow(At(25, 10, 30));
        Assert.True((await new IssueCard(_db, _clock, TestAudit.Trail(_clock)).WalkInAsync(new WalkInRequest(Goro, Goro, "maruko", 1, true), Clerk, Everywhere)).Ok);

        var honcho = await _db.Places.Where(p => p.Code == "honcho").Select(p => p.Id).SingleAsync();
        var closed = await new CloseDay(_db, _clock, new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock)).AddAsync(new ClosureRequest(honcho.ToString(System.Globalization.CultureInfo.InvariantCulture), "2027-02-26", "13:00", "15:00", "停電の点検"));
        Assert.Empty(closed.Errors);

        // The report is read on Friday evening.
        _clock.SetUtcNow(At(26, 18, 0));
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    [SkippableFact]
    public async Task Each_figure_of_the_week_matches_the_bookings_issues_and_closure_made()
    {
        var report = await RunAsync("2027-02-22", "2027-02-28", "day");

        var total = report.Total;
        // Mon 2/22, Wed 2/24, Thu 2/25 offer 175 seats; Fri 2/26 loses 8 slots × 2 seats at 本庁舎: 159. 2/23 is a holiday.
        Assert.Equal((175 * 3) + 159, total.SeatsOffered);
        // 太郎+花子 (2), 次郎 (1), 四郎 (1); 三郎's booking was cancelled and is a tombstone, not a booking.
        Assert.Equal((4, 3), (total.SeatsBooked, total.Bookings));
        // 太郎, 花子, 四郎 through bookings; 五郎 without. 六郎's issue was corrected and is not counted.
        Assert.Equal((3, 1, 4), (total.IssuedWithBooking, total.IssuedWalkIn, total.Issued));
        Assert.Equal((1, 1, 1), (total.NoShows, total.Cancellations, total.Closures));

        Assert.Equal(7, report.Periods.Count);
        var wednesday = report.Periods.Single(p => p.Start == new DateOnly(2027, 2, 24)).Figures;
        Assert.Equal(new Figures(175, 3, 2, 2, 0, 1, 1, 0, 0), wednesday);
        var thursday = report.Periods.Single(p => p.Start == new DateOnly(2027, 2, 25)).Figures;
        Assert.Equal(new Figures(175, 1, 1, 1, 1, 0, 0, 0, 0), thursday);
        var friday = report.Periods.Single(p => p.Start == new DateOnly(2027, 2, 26)).Figures;
        Assert.Equal(new Figures(159, 0, 0, 0, 0, 0, 0, 1, 0), friday);
        // The holiday and the weekend offer nothing.
        Assert.All(report.Periods.Where(p => p.Start.Day is 23 or 27 or 28), p => Assert.Equal(Figures.None, p.Figures));
    }

    [SkippableFact]
    public async Task A_booking_whose_slot_ended_without_an_issue_or_a_no_show_is_counted_as_unmarked()
    {
        // Two more bookings at 本庁舎 on Monday 3/1: 八郎 at 9:00–9:15 is never touched; 九郎 at 9:15–9:30
        // is checked in at counter 2 (本庁舎 has two) and then left. Every booking of the week before was marked (the 0 above).
        await ImportAsync(("A1B-000008", "2027-02-20"), ("A1B-000009", "2027-02-20"));
        await BookAsync("honcho", new DateTimeOffset(2027, 3, 1, 9, 0, 0, Japan), "A1B-000008");
        var kuro = await BookAsync("honcho", new DateTimeOffset(2027, 3, 1, 9, 15, 0, Japan), "A1B-000009");
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 9, 16, 0, Japan));
        Assert.True((await new CheckIn(_db, _clock, TestAudit.Trail(_clock)).RunAsync(kuro, 2, Everywhere)).Ok);

        // 9:20: 八郎's slot ended five minutes ago; 九郎's runs until 9:30 and is not yet unmarked.
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 9, 20, 0, Japan));
        var early = await RunAsync("2027-03-01", "2027-03-01", "day", "honcho");
        Assert.Equal((2, 0, 1), (early.Total.Bookings, early.Total.NoShows, early.Total.Unmarked));
        Assert.Equal(0, early.ByCounter.Single(c => c.Counter == 2).Unmarked);

        // Noon: both slots are over. Both count for the place and the day; only 九郎's, checked in there, for counter 2.
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 12, 0, 0, Japan));
        var noon = await RunAsync("2027-03-01", "2027-03-01", "day", "honcho");
        Assert.Equal(2, noon.Total.Unmarked);
        Assert.Equal(2, noon.ByPlace.Single().Figures.Unmarked);
        Assert.Equal([0, 1], noon.ByCounter.Select(c => c.Unmarked));
        var counters = StatisticsTables.Of(noon).Single(t => t.Code == "counters").Table;
        Assert.Equal("未処理（件）", counters.Headers[^1]);
        Assert.Equal(1, counters.Rows[1][^1]);
    }

    [SkippableFact]
    public async Task Places_counters_hours_and_cancellations_split_the_same_figures()
    {
        var report = await RunAsync("2027-02-22", "2027-02-28", "week");

        var week = Assert.Single(report.Periods);
        Assert.Equal((new DateOnly(2027, 2, 22), new DateOnly(2027, 2, 28)), (week.Start, week.End));
        var honcho = report.ByPlace.Single(p => p.Code == "honcho").Figures;
        // 70 seats on three days, 54 on Friday.
        Assert.Equal(new Figures((70 * 3) + 54, 3, 2, 2, 0, 1, 1, 1, 0), honcho);
        Assert.Equal(new Figures(35 * 4, 1, 1, 1, 1, 0, 0, 0, 0), report.ByPlace.Single(p => p.Code == "maruko").Figures);
        // 南庁舎 is out of season until 3/1.
        Assert.Equal(Figures.None, report.ByPlace.Single(p => p.Code == "minami").Figures);

        // 本庁舎 counter 2 checked the family in and handed both cards; counter 1's only issue was corrected.
        var counters = report.ByCounter.Where(c => c.CheckedIn + c.Issued > 0).Select(c => (c.PlaceName, c.Counter, c.CheckedIn, c.IssuedWithBooking, c.IssuedWalkIn));
        Assert.Equal([("本庁舎 市民課", 2, 1, 2, 0), ("丸子自治センター", 1, 1, 1, 1)], counters);
        Assert.Equal(2 + 4 + 1 + 1 + 1, report.ByCounter.Count);

        // Three cards at 9:05, 五郎's at 10:30; every booking left starts in the 9 o'clock hour.
        Assert.Equal((3, 4), report.Hours.Where(h => h.Hour == 9).Select(h => (h.Issued, h.SeatsBooked)).Single());
        Assert.Equal((1, 0), report.Hours.Where(h => h.Hour == 10).Select(h => (h.Issued, h.SeatsBooked)).Single());
        Assert.Equal(Enumerable.Range(8, 10), report.Hours.Select(h => h.Hour));

        var cancelled = Assert.Single(report.Cancellations);
        Assert.Equal((BookingTombstones.ByPhone, "職員（電話）", 1, 1), (cancelled.CancelledBy, cancelled.Japanese, cancelled.Bookings, cancelled.Seats));

        // Fiscal year 2026 runs from 2026-04-01: 3 of its 4 issues came through a booking.
        Assert.Equal((2026, new DateOnly(2026, 4, 1), 3, 4), (report.Year.FiscalYear, report.Year.From, report.Year.WithBooking, report.Year.Total));
        Assert.Equal("75.0%", report.Year.Share.ToString());
    }

    [SkippableFact]
    public async Task One_place_and_a_week_that_starts_before_the_period_are_cut_to_the_period()
    {
        var report = await RunAsync("2027-02-17", "2027-02-26", "week", "maruko");

        // Wednesday 2/17 to Sunday 2/21, then Monday 2/22 to 2/26: the first week is cut at its start, the last at the end.
        Assert.Equal([(new DateOnly(2027, 2, 17), new DateOnly(2027, 2, 21)), (new DateOnly(2027, 2, 22), new DateOnly(2027, 2, 26))], report.Periods.Select(p => (p.Start, p.End)));
        Assert.Equal("maruko", report.Place!.Code);
        // Only 丸子: 2/17–2/19 (3 weekdays) then 2/22, 2/24, 2/25, 2/26 (2/23 is a holiday), 35 seats a day; the 本庁舎 closure is not its.
        Assert.Equal([35 * 3, 35 * 4], report.Periods.Select(p => p.Figures.SeatsOffered));
        Assert.Equal((1, 1, 0), (report.Total.IssuedWithBooking, report.Total.IssuedWalkIn, report.Total.Closures));
        Assert.Equal((1, 2), (report.Year.WithBooking, report.Year.Total));
    }

    [SkippableFact]
    public async Task Cards_waiting_are_grouped_by_days_since_they_arrived()
    {
        var waiting = await new WaitingCards(_db, _clock).RunAsync();

        // On 2/26 waiting: 三郎 (arrived 2/20, 6 days), 次郎 (2/10, 16 days; his no-show freed the card),
        // 六郎 (1/15, 42 days; the correction made it ready again), 2026-11-01 (117 days),
        // 2026-06-01 (270 days), two of 2025-12-01 (452 days). 太郎, 花子, 四郎 and 五郎 have theirs.
        Assert.Equal([1, 1, 1, 1, 1, 2], waiting.Ages.Select(a => a.Cards));
        Assert.Equal(7, waiting.Total);
        Assert.Equal(["1週間以内", "8日〜1か月", "1〜3か月", "3〜6か月", "6か月〜1年", "1年を超える"], waiting.Ages.Select(a => a.Label));
    }

    [SkippableFact]
    public async Task The_forecast_flags_the_week_the_seats_run_short_and_the_temporary_counter_relieves_it()
    {
        // 400 more cards arrived on 2/15: 407 arrivals in the 8 weeks before this Monday (12/28–2/21), 50.875 a week.
        await ImportAsync([.. Enumerable.Range(1, 400).Select(n => ($"Y00-{n:000000}", "2027-02-15"))]);

        var forecast = await new WeeksAhead(_db, _clock).RunAsync(weeks: 3);

        Assert.Equal((407, 50.875), (forecast.ArrivalsCounted, forecast.ArrivalsPerWeek));
        Assert.Equal((new DateOnly(2026, 12, 28), new DateOnly(2027, 2, 21)), (forecast.ArrivalsFrom, forecast.ArrivalsTo));
        // 7 waiting before, plus the 400.
        Assert.Equal(407, forecast.WaitingNow);
        var (first, second, third) = (forecast.Weeks[0], forecast.Weeks[1], forecast.Weeks[2]);
        // This week is Friday to Sunday: 3 of 7 days of arrivals (21.8 → 22) against Friday's 159 seats.
        Assert.Equal((new DateOnly(2027, 2, 26), 407, 22, 429, 159, 0), (first.From, first.WaitingAtStart, first.ExpectedArrivals, first.Demand, first.SeatsOffered, first.SeatsBooked));
        Assert.True(first.Short);
        Assert.Equal(-270, first.Balance);
        // 南庁舎's four counters open on 3/1: 5 days × (70 + 140 + 105) = 1,575 seats for the 270 carried over and 51 arrivals.
        Assert.Equal((270, 51, 1575, false), (second.WaitingAtStart, second.ExpectedArrivals, second.SeatsOffered, second.Short));
        Assert.Equal((0, 51, false), (third.WaitingAtStart, third.Demand, third.Short));
        Assert.Equal(1, forecast.ShortWeeks);
        Assert.Equal("不足", StatisticsTables.Forecast(forecast).Rows[0][^1]);
    }

    [SkippableFact]
    public async Task The_xlsx_holds_every_table_with_numbers_as_numbers_and_the_csv_starts_with_the_bom()
    {
        var report = await RunAsync("2027-02-22", "2027-02-28", "day");
        var tables = StatisticsTables.Of(report);

        using var workbook = new XLWorkbook(new MemoryStream(TableXlsx.Bytes([.. tables.Select(t => t.Table)])));

        Assert.Equal(["日ごと", "交付場所ごと", "窓口ごと", "時間帯ごと", "取消の内訳", "年度の予約の割合", "交付待ちのカード"], workbook.Worksheets.Select(w => w.Name));
        var days = workbook.Worksheet("日ごと");
        Assert.Equal(["開始日", "終了日", .. StatisticsTables.FigureHeaders], days.Row(1).CellsUsed().Select(c => c.GetString()));
        // Row 4 is Wednesday 2/24: a date, 175 seats offered, 2 cards issued through bookings.
        Assert.Equal(new DateTime(2027, 2, 24), days.Cell(4, 1).GetDateTime());
        Assert.Equal((XLDataType.Number, 175.0), (days.Cell(4, 3).DataType, days.Cell(4, 3).GetDouble()));
        Assert.Equal(2.0, days.Cell(4, 7).GetDouble());
        var year = workbook.Worksheet("年度の予約の割合");
        Assert.Equal(("2026年度", 0.75, "0.0%"), (year.Cell(2, 1).GetString(), year.Cell(2, 6).GetDouble(), year.Cell(2, 6).Style.NumberFormat.Format));

        var csv = await TableCsv.BytesAsync(tables.Single(t => t.Code == "places").Table);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n");
        Assert.Equal("交付場所," + string.Join(',', StatisticsTables.FigureHeaders), lines[0]);
        // No show 1, unmarked 0 (every booking of the week was marked), cancelled 1, closed 1.
        Assert.Equal("本庁舎 市民課,264,3,2,1.1%,2,0,2,1,0,1,1", lines[1]);
        Assert.Equal("", lines[^1]);
    }

    [SkippableFact]
    public void Text_that_looks_like_a_formula_stays_text_in_both_formats_and_negative_numbers_stay_numbers()
    {
        var table = new ExportTable("試し", ["メモ", "過不足"], [["=HYPERLINK(\"http://example.invalid\")", -270], ["090-1234-5678", 3]]);

        using var workbook = new XLWorkbook(new MemoryStream(TableXlsx.Bytes(table)));
        var sheet = workbook.Worksheet(1);
        Assert.False(sheet.Cell(2, 1).HasFormula);
        Assert.Equal("=HYPERLINK(\"http://example.invalid\")", sheet.Cell(2, 1).GetString());
        Assert.Equal((XLDataType.Text, "090-1234-5678"), (sheet.Cell(3, 1).DataType, sheet.Cell(3, 1).GetString()));
        Assert.Equal(-270.0, sheet.Cell(2, 2).GetDouble());
        Assert.Equal("'=HYPERLINK(\"\"http://example.invalid\"\")", TableCsv.Cell("=HYPERLINK(\"http://example.invalid\")").Trim('"'));
        Assert.Equal("-270", TableCsv.Cell(-270));
    }

    [SkippableFact]
    public async Task The_statistics_and_the_forecast_read_no_personal_column()
    {
        var commands = new SqlCommands();
        await using var watched = Watched(commands);
        var places = await watched.Places.AsNoTracking().ToListAsync();

        await new CounterStatistics(watched, _clock).RunAsync(StatisticsRequest.Read("2027-02-01", "2027-02-28", "day", null, places, _clock.Today(), new Dictionary<string, string>()));
        await new WeeksAhead(watched, _clock).RunAsync();

        // The ledger is read (status, arrival date) and so are bookings, but never a column that says who someone is.
        // Quotes are dropped: PostgreSQL's SQL quotes only the names that need it, SQLite's every name.
        var texts = commands.Texts.Select(c => c.Replace("\"", "", StringComparison.Ordinal)).ToList();
        Assert.Contains(texts, c => c.Contains("FROM ledger_entries", StringComparison.Ordinal));
        Assert.Contains(texts, c => c.Contains("FROM bookings", StringComparison.Ordinal));
        var personal = new System.Text.RegularExpressions.Regex(@"\.(name|address|birth_date|birth_digest|sex|phone|email|management_number|code)\b");
        Assert.All(texts.Where(c => !c.Contains("FROM places", StringComparison.Ordinal)), c => Assert.DoesNotMatch(personal, c));
        // The check itself finds such a column where one is read: the places' own name and address.
        Assert.Matches(personal, texts.First(c => c.Contains("FROM places", StringComparison.Ordinal)));
    }

    private MadoguchiDb Watched(SqlCommands commands)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new DbContextOptionsBuilder<SqliteMadoguchiDb>();
            _database.Settings.Configure(sqlite);
            return new SqliteMadoguchiDb(sqlite.AddInterceptors(commands).Options);
        }

        var postgres = new DbContextOptionsBuilder<PostgresMadoguchiDb>();
        _database.Settings.Configure(postgres);
        return new PostgresMadoguchiDb(postgres.AddInterceptors(commands).Options);
    }

    /// <summary>Keeps the text of every command sent to the database.</summary>
    private sealed class SqlCommands : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object>> ScalarExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }

    private async Task<CounterReport> RunAsync(string from, string to, string period, string? place = null)
    {
        var places = await _db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        var errors = new Dictionary<string, string>();
        var request = StatisticsRequest.Read(from, to, period, place, places, _clock.Today(), errors);
        Assert.Empty(errors);
        return await new CounterStatistics(_db, _clock).RunAsync(request);
    }

    private async Task ImportAsync(params (string Number, string ArrivedOn)[] cards)
    {
        var csv = new StringBuilder("管理番号,氏名,生年月日,性別,住所,到着日\r\n");
        foreach (var (number, arrived) in cards)
        {
            csv.Append($"{number},上田　試験,{Birth},男,長野県上田市大手一丁目1番1号,{arrived}\r\n");
        }

        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var summary = await new ImportLedgerFile(_db, _clock, TestAudit.Trail(_clock)).RunAsync(file, $"cards-{cards.Length}.csv", new LedgerImportOptions("test"));
        Assert.Equal(cards.Length, summary.Imported);
    }

    /// <summary>Books through the real booking path, as the public API does.</summary>
    private async Task<long> BookAsync(string place, DateTimeOffset start, params string[] numbers)
    {
        var placeId = await _db.Places.Where(p => p.Code == place).Select(p => p.Id).SingleAsync();
        var made = await new ConfirmBooking(_db, _clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings()).RunAsync(
            new ConfirmRequest(null, placeId, start, [.. numbers.Select(n => new CardProof(n, Birth))], "090-1234-5678", null, "web"));
        Assert.True(made.Ok, made.Problem?.Detail);
        return await _db.Bookings.Where(b => b.Code == made.Value!.Code).Select(b => b.Id).SingleAsync();
    }

    private static DateTimeOffset At(int day, int hour, int minute) => new(2027, 2, day, hour, minute, 0, Japan);
}

public sealed class CounterStatisticsOnSqlite() : CounterStatisticsTests(DatabaseProvider.Sqlite);

public sealed class CounterStatisticsOnPostgres() : CounterStatisticsTests(DatabaseProvider.Postgres);
