using System.Net.Http.Json;
using System.Text.Json;

using Madoguchi.Staff;

namespace Madoguchi.Tests.Booking;

/// <summary>
/// The paths a peak loads read by key, whatever the season has piled up: with 100,000 bookings,
/// 100,000 cards in the ledger, 50,000 issued and 5,000 live holds in the tables, no statement the booking path,
/// the hold and its confirm, the lookup, the slot calendar or the counter's day list sends reads
/// the whole of bookings, booked_cards, ledger_entries or holds (issue 14). The plans are the
/// database's own, for the statements the running app sent, with the values it sent them with.
/// The clock stands on Monday 2027-02-22 10:00 in Ueda; 2027-03-01 is an ordinary open Monday.
/// </summary>
public abstract class BookingPlanTests(DatabaseProvider provider) : IAsyncLifetime
{
    // Big enough that a scan costs more than an index lookup to both planners, small enough to seed in seconds.
    private const int History = 100_000;
    private const int LiveHolds = 5_000;
    private static readonly string[] Hot = ["bookings", "booked_cards", "ledger_entries", "holds", "hold_cards", "card_issues"];

    private static readonly DateTimeOffset MondayNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;
    private SqlPlans _plans = null!;
    private int _honcho;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(provider, clock: _clock, settings: new Dictionary<string, string?> { ["Madoguchi:Booking:RequestsPerMinute"] = "1000" });
        await _app.ImportCardsAsync(_clock, ("A1B-123456", "1985-04-12"), ("C2D-654321", "1990-01-01"), ("E3F-111111", "2000-02-29"), ("G4H-222222", "1970-07-07"));
        await using var db = _app.Database.Open();
        _honcho = await db.Places.Where(p => p.Code == "honcho").Select(p => p.Id).SingleAsync();
        await SeedSeasonAsync(db);
        _plans = new SqlPlans(_app.Database);
    }

    public async Task DisposeAsync()
    {
        _plans.Dispose();
        await _app.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_direct_booking_reads_every_table_by_key()
    {
        _plans.Watch();
        using var booked = await _app.PostJsonAsync(
            "/api/v1/bookings",
            new { placeId = _honcho, start = MondayNine, cards = new[] { new { managementNumber = "A1B-123456", birthDate = "1985-04-12" } }, phone = "090-1234-5678" },
            idempotencyKey: "plan-direct");
        var commands = _plans.Stop();

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        AssertSeen(commands, "client_counts", "slots", "bookings", "booked_cards");
        Assert.Empty(await _plans.ScansAsync(commands, Hot));
    }

    [SkippableFact]
    public async Task A_direct_booking_with_warm_caches_makes_few_round_trips()
    {
        // The first booking fills the process's place and holiday caches (CalendarCache); the second is the
        // common case of a busy morning.
        using var first = await BookDirectAsync("A1B-123456", "1985-04-12");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        _plans.Watch();
        using var booked = await BookDirectAsync("G4H-222222", "1970-07-07");
        var commands = _plans.Stop();

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        // The throttle's count; the slot's clear-full read; the card check's two calls (PostgreSQL) or its
        // read (SQLite); the day's closures; the card's turn (PostgreSQL) and earlier holds; the seat taken
        // by time in one update; the new code's uniqueness; the booking and its card. Issue 14 found 16–19.
        AssertSeen(commands, "client_counts", "slots", "bookings", "booked_cards");
        Assert.True(commands.Count <= (provider == DatabaseProvider.Postgres ? 11 : 10), string.Join("\n\n", commands.Select(c => c.Text)));
    }

    [SkippableFact]
    public async Task A_hold_and_its_confirm_read_every_table_by_key()
    {
        _plans.Watch();
        using var hold = await _app.PostJsonAsync("/api/v1/holds", new { placeId = _honcho, start = MondayNine, cards = new[] { new { managementNumber = "C2D-654321", birthDate = "1990-01-01" } } });
        Assert.Equal(HttpStatusCode.Created, hold.StatusCode);
        var holdId = (await hold.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holdId").GetGuid();
        using var booked = await _app.PostJsonAsync("/api/v1/bookings", new { holdId, phone = "090-1234-5678" });
        var commands = _plans.Stop();

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        AssertSeen(commands, "holds", "hold_cards", "bookings", "booked_cards");
        Assert.Empty(await _plans.ScansAsync(commands, Hot));
    }

    [SkippableFact]
    public async Task The_lookup_the_calendar_and_the_counters_day_list_read_every_table_by_key()
    {
        using var booked = await _app.PostJsonAsync(
            "/api/v1/bookings",
            new { placeId = _honcho, start = MondayNine, cards = new[] { new { managementNumber = "E3F-111111", birthDate = "2000-02-29" } }, phone = "090-1234-5678" });
        var code = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        var clerk = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());

        _plans.Watch();
        using var found = await _app.PostJsonAsync("/api/v1/bookings/lookup", new { code, managementNumber = "E3F-111111", birthDate = "2000-02-29" });
        using var slots = await _app.Public.GetAsync($"/api/v1/places/{_honcho}/slots?from=2027-02-24&to=2027-03-24");
        using var day = await clerk.GetAsync("/office/counter?place=honcho&date=2027-03-01");
        var commands = _plans.Stop();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (found.StatusCode, slots.StatusCode, day.StatusCode));
        Assert.Contains(code!, await day.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertSeen(commands, "bookings", "booked_cards", "card_issues", "slots");
        Assert.Empty(await _plans.ScansAsync(commands, Hot));
    }

    [SkippableFact]
    public async Task The_check_finds_a_scan_where_there_is_one()
    {
        // The control: a statement that can only be answered by reading every booking is reported.
        var scans = await _plans.ScansAsync([new SqlPlans.SeenCommand("SELECT count(*) FROM bookings WHERE people + 0 = 3", [])], Hot);

        Assert.Contains("bookings", Assert.Single(scans), StringComparison.Ordinal);
    }

    /// <summary>The commands were caught and read the tables named: an empty list of commands would show no scan.</summary>
    private static void AssertSeen(IReadOnlyList<SqlPlans.SeenCommand> commands, params string[] tables) =>
        Assert.All(tables, table => Assert.Contains(commands, c => c.Text.Contains(table, StringComparison.Ordinal)));

    private Task<HttpResponseMessage> BookDirectAsync(string number, string birth) =>
        _app.PostJsonAsync("/api/v1/bookings", new { placeId = _honcho, start = MondayNine, cards = new[] { new { managementNumber = number, birthDate = birth } }, phone = "090-1234-5678" });

    /// <summary>
    /// A season of past days at the City Hall: 2,000 slots of 50, each full; every other booking was
    /// issued (its card no longer active), the rest are no-shows whose cards stay active. Plus the
    /// ledger's cards and live holds on those slots, as the peak would have them.
    /// </summary>
    private async Task SeedSeasonAsync(MadoguchiDb db)
    {
        var pad = provider == DatabaseProvider.Sqlite ? "printf('%06d', i)" : "lpad(i::text, 6, '0')";
        var yes = provider == DatabaseProvider.Sqlite ? "1" : "true";
        var no = provider == DatabaseProvider.Sqlite ? "0" : "false";
        var birth = provider == DatabaseProvider.Sqlite ? "'1960-01-01'" : "DATE '1960-01-01'";
        var first = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var quarter = TimeSpan.FromMinutes(15).Ticks;
        var slots = History / 50;
        var now = _clock.GetUtcNow().UtcTicks;
        // Instants as the engine keeps them (ADR 0029): ticks on SQLite, timestamptz on PostgreSQL.
        string Time(string ticks) => provider == DatabaseProvider.Sqlite
            ? ticks
            : $"(timestamptz 'epoch' + (({ticks}) - 621355968000000000) / 10 * interval '1 microsecond')";
        static string Series(int count) => $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) ";
        await ExecuteAsync(db,
            Series(slots) + $"""INSERT INTO slots (place_id, start, "end", capacity, taken) SELECT {_honcho}, {Time($"{first} + i * {quarter}")}, {Time($"{first} + (i + 1) * {quarter}")}, 50, 50 FROM n""");
        var firstSlot = await db.Slots.Where(s => s.PlaceId == _honcho).MinAsync(s => s.Id);
        await ExecuteAsync(db,
            Series(History) + $"""
            INSERT INTO bookings (code, slot_id, place_id, start, "end", people, phone, created_at, channel, status)
            SELECT 'Z' || {pad} || 'ZZ', s.id, s.place_id, s.start, s."end", 1, '0268-00-0000', {Time($"{first}")}, 'web', CASE WHEN i % 2 = 0 THEN 3 ELSE 1 END
            FROM n JOIN slots s ON s.id = {firstSlot} + (i - 1) / 50
            """);
        await ExecuteAsync(db,
            $"INSERT INTO booked_cards (booking_id, management_number, active) SELECT id, 'Z' || substr(code, 2, 2) || '-' || substr(code, 4, 4) || substr(code, 2, 2), CASE WHEN status = 1 THEN {yes} ELSE {no} END FROM bookings WHERE code LIKE 'Z%'");
        await ExecuteAsync(db,
            "INSERT INTO card_issues (booking_id, counter, issued_at, issued_by, management_number, place_id) "
            + "SELECT b.id, 1, b.start, 1, c.management_number, b.place_id FROM bookings b JOIN booked_cards c ON c.booking_id = b.id WHERE b.status = 3");
        var import = await db.LedgerEntries.MaxAsync(e => e.ImportId);
        await ExecuteAsync(db,
            $"INSERT INTO ledger_entries (management_number, name, birth_date, birth_digest, sex, address, kind, arrived_on, status, status_changed_at, import_id, import_line) "
            + $"SELECT management_number, '上田　履歴', {birth}, 'x' || management_number, 1, '長野県上田市', 1, {birth}, 1, {Time("0")}, {import}, 1 FROM booked_cards WHERE management_number LIKE 'Z%'");
        var holdId = provider == DatabaseProvider.Sqlite ? "lower(hex(randomblob(16)))" : "gen_random_uuid()";
        await ExecuteAsync(db,
            Series(LiveHolds) + $"INSERT INTO holds (id, slot_id, seats, created_at, expires_at) SELECT {holdId}, {firstSlot} + i % {slots}, 1, {Time($"{now}")}, {Time($"{now} + {TimeSpan.FromMinutes(10).Ticks}")} FROM n");
        await ExecuteAsync(db,
            $"INSERT INTO hold_cards (hold_id, management_number) SELECT id, 'HHH-' || {pad} FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS i FROM holds) x");
        await ExecuteAsync(db, provider == DatabaseProvider.Sqlite ? "ANALYZE" : "ANALYZE slots, bookings, booked_cards, card_issues, ledger_entries, holds, hold_cards");
    }

    /// <summary>The seed's SQL, built in the test from numbers it chose.</summary>
    private static async Task ExecuteAsync(MadoguchiDb db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class BookingPlanOnSqlite() : BookingPlanTests(DatabaseProvider.Sqlite);

public sealed class BookingPlanOnPostgres() : BookingPlanTests(DatabaseProvider.Postgres);
