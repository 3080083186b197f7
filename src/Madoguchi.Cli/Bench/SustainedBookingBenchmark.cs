using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;

using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Ledger;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

using Npgsql;

namespace Madoguchi.Cli.Bench;

/// <summary>One database's sustained run: the bookings made over HTTP, and the same transaction as plain SQL.</summary>
public sealed record SustainedRun(
    string Database, int LedgerCards, int HistoryBookings, int Booked, int Refused, int Errors, double Seconds, double BookingsPerSecond,
    double P50Ms, double P99Ms, double MsPerBooking, double PlainSqlPerSecond, double Ratio, int Overbooked, int DuplicateCards, string? FirstRefusal);

public sealed record SustainedBookingResult(string Provider, int Clients, double SecondsPerRun, SustainedRun Empty, SustainedRun Season, double CostWithHistory);

/// <summary>
/// A season's load held for a while: a ledger of a million cards and a million bookings of past days
/// in the tables, then many clients booking distinct cards (each a booking that succeeds) over real
/// HTTP for a fixed time, with the per-address throttle on and the clients spread over addresses by
/// a trusted proxy's X-Forwarded-For. Its limit is the same booking transaction (conditional update of
/// the slot, the booking, its card) as plain SQL on the same database in the same run. The same is
/// run on an empty database (only the clients' cards in the ledger), and the cost per booking of the
/// two compared.
/// </summary>
public sealed class SustainedBookingBenchmark(DatabaseProvider provider, string? postgresConnection)
{
    private const int SeatsPerSlot = 50;
    private const double WarmUpSeconds = 5;
    private const string AllWeek = "mon=08:30-17:15;tue=08:30-17:15;wed=08:30-17:15;thu=08:30-17:15;fri=08:30-17:15;sat=08:30-17:15;sun=08:30-17:15";

    public async Task<SustainedBookingResult> RunAsync(int clients, double seconds, int ledger, int history, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-bench-sustained-");
        try
        {
            // A first, uncounted run warms this process (JIT tiers, pools). The process still gets faster
            // for a while after it, so the season runs before the empty database: what the history costs
            // is then, if anything, overstated.
            await OneAsync(folder.FullName, "warmup", clients, Math.Min(seconds, 10), 0, 0, cancellationToken);
            var season = await OneAsync(folder.FullName, "season", clients, seconds, ledger, history, cancellationToken);
            var empty = await OneAsync(folder.FullName, "empty", clients, seconds, 0, 0, cancellationToken);
            return new SustainedBookingResult(
                provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres", clients, seconds, empty, season,
                Math.Round(season.MsPerBooking / empty.MsPerBooking, 3));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<SustainedRun> OneAsync(string folder, string name, int clients, double seconds, int ledger, int history, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(provider, postgresConnection, folder, name, cancellationToken);
        await database.Settings.MigrateAsync(cancellationToken);
        int placeId;
        List<DateTimeOffset> times;
        await using (var db = database.Settings.Open())
        {
            await PlaceSetup.SeedAsync(db, [new PlaceDefinition("bench", "ベンチマーク会場", "Benchmark hall", "上田市", SeatsPerSlot, null) { Hours = AllWeek }], cancellationToken);
            (placeId, times) = await WindowAsync(db, cancellationToken);
        }

        // Every client booking succeeds: as many cards as the window has seats, at most 60,000.
        var today = TimeProvider.System.Today();
        var wanted = Math.Min(60_000, times.Count * SeatsPerSlot);
        var cards = SyntheticLedger.Cards(wanted, 20270301, today)
            .Select(c => (Number: c.ManagementNumber, Birth: c.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();
        var ledgerCards = Math.Max(ledger, wanted);
        Console.Error.WriteLine($"[{name}] 交付管理簿 {ledgerCards:N0} 件を取り込みます…");
        await ImportAsync(database.Settings, folder, ledgerCards, today, cancellationToken);
        if (history > 0)
        {
            Console.Error.WriteLine($"[{name}] 過去の予約 {history:N0} 件を作ります…");
            await SeedHistoryAsync(database.Settings, placeId, history, cancellationToken);
        }

        Console.Error.WriteLine($"[{name}] {clients} の利用者で {seconds} 秒予約します…");
        var http = await BookOverHttpAsync(database.Settings, folder, placeId, times, cards, clients, seconds, cancellationToken);
        var (overbooked, duplicates) = await ExactnessAsync(database.Settings, cancellationToken);
        Console.Error.WriteLine($"[{name}] 同じ取引を素の SQL で {seconds} 秒…");
        var plain = await PlainSqlAsync(database.Settings, placeId, clients, seconds, cancellationToken);
        var rate = http.Booked / http.Seconds;
        return new SustainedRun(
            name, ledgerCards, history, http.Booked, http.Refused, http.Errors, Math.Round(http.Seconds, 2), Math.Round(rate, 1),
            LoadRun.Percentile(http.Latencies, 50), LoadRun.Percentile(http.Latencies, 99), Math.Round(1000 / rate, 3),
            Math.Round(plain, 1), Math.Round(rate / plain, 3), overbooked, duplicates, http.FirstRefusal);
    }

    /// <summary>Every slot of the booking window, in time order.</summary>
    private static async Task<(int PlaceId, List<DateTimeOffset> Times)> WindowAsync(MadoguchiDb db, CancellationToken cancellationToken)
    {
        var place = await db.Places.AsNoTracking().SingleAsync(cancellationToken);
        var (first, last) = new BookingSettings().Window(TimeProvider.System.Now());
        var calendar = await CityCalendar.LoadAsync(db, first, last, cancellationToken);
        var times = new List<DateTimeOffset>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            times.AddRange(SlotSchedule.Day(place, day, calendar).Slots.Select(s => s.Start));
        }

        return (place.Id, times);
    }

    /// <summary>The ledger through the real import, from a file, as the national data comes.</summary>
    private static async Task ImportAsync(DatabaseSettings settings, string folder, int count, DateOnly today, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "ledger.csv");
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            SyntheticLedger.WriteCsv(writer, count, 20270301, today);
        }

        await using var db = settings.Open();
        await using var file = File.OpenRead(path);
        await new ImportLedgerFile(db, TimeProvider.System, CommandLineAudit.Scratch).RunAsync(file, "bench.csv", new LedgerImportOptions("bench"), cancellationToken);
        File.Delete(path);
    }

    /// <summary>
    /// Bookings of past days at the place, 50 to a slot: eight in ten issued (with the counter's record),
    /// one a no-show, one never closed at the counter (its card still active), as a season leaves them.
    /// </summary>
    private async Task SeedHistoryAsync(DatabaseSettings settings, int placeId, int count, CancellationToken cancellationToken)
    {
        var sqlite = provider == DatabaseProvider.Sqlite;
        var quarter = TimeSpan.FromMinutes(15).Ticks;
        var first = DateTimeOffset.UtcNow.AddDays(-400).UtcTicks / quarter * quarter;
        var slots = (count + SeatsPerSlot - 1) / SeatsPerSlot;
        var pad8 = sqlite ? "printf('%08d', i)" : "lpad(i::text, 8, '0')";
        // Lower-case letters: no real (normalised, upper-case) card number can collide with these.
        var number = sqlite ? "'h' || printf('%02d', i / 1000000) || '-' || printf('%06d', i % 1000000)" : "'h' || lpad((i / 1000000)::text, 2, '0') || '-' || lpad((i % 1000000)::text, 6, '0')";
        var (yes, no) = sqlite ? ("1", "0") : ("true", "false");
        await ExecuteAsync(settings, $"""
            INSERT INTO slots (place_id, start, "end", capacity, taken)
            SELECT {placeId}, {Time($"{first} + i * {quarter}")}, {Time($"{first} + (i + 1) * {quarter}")}, {SeatsPerSlot}, {SeatsPerSlot} FROM ({Series(slots)}) AS n
            """, cancellationToken);
        await ExecuteAsync(settings, $"""
            INSERT INTO bookings (code, slot_id, place_id, start, "end", people, phone, created_at, channel, status)
            SELECT 'H' || {pad8}, s.id, s.place_id, s.start, s."end", 1, '0268-00-0000', s.start - {(sqlite ? TimeSpan.FromDays(7).Ticks.ToString(CultureInfo.InvariantCulture) : "interval '7 days'")}, 'web',
                CASE i % 10 WHEN 0 THEN 1 WHEN 1 THEN 4 ELSE 3 END
            FROM ({Series(count)}) AS n JOIN slots s ON s.place_id = {placeId} AND s.start = {Time($"{first} + ((i - 1) / {SeatsPerSlot} + 1) * {quarter}")}
            """, cancellationToken);
        await ExecuteAsync(settings, $"""
            INSERT INTO booked_cards (booking_id, management_number, active)
            SELECT b.id, {number}, CASE WHEN i % 10 = 0 THEN {yes} ELSE {no} END
            FROM ({Series(count)}) AS n JOIN bookings b ON b.code = 'H' || {pad8}
            """, cancellationToken);
        await ExecuteAsync(settings, """
            INSERT INTO card_issues (booking_id, counter, issued_at, issued_by, management_number, place_id)
            SELECT b.id, 1, b.start, 0, c.management_number, b.place_id FROM bookings b JOIN booked_cards c ON c.booking_id = b.id WHERE b.status = 3
            """, cancellationToken);
        await ExecuteAsync(settings, "ANALYZE", cancellationToken);
    }

    /// <summary>An instant given as a SQL expression of UTC ticks, as the engine stores it: ticks on SQLite, timestamptz on PostgreSQL (ADR 0029).</summary>
    private string Time(string ticks) => provider == DatabaseProvider.Sqlite
        ? ticks
        : $"(timestamptz 'epoch' + (({ticks}) - 621355968000000000) / 10 * interval '1 microsecond')";

    /// <summary>The numbers 1 to <paramref name="n"/> as rows of one column <c>i</c>, in the engine's SQL.</summary>
    private string Series(int n) => provider == DatabaseProvider.Sqlite
        ? $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) SELECT i FROM n"
        : $"SELECT i FROM generate_series(1, {n}) AS g(i)";

    private sealed record HttpLoad(int Booked, int Refused, int Errors, double Seconds, List<double> Latencies, string? FirstRefusal);

    private static async Task<HttpLoad> BookOverHttpAsync(
        DatabaseSettings database, string folder, int placeId, List<DateTimeOffset> times, List<(string Number, string Birth)> cards, int clients, double seconds, CancellationToken cancellationToken)
    {
        // The throttle stays at the city's default; a reverse proxy on loopback names each citizen's address.
        await using var server = await BenchServer.StartAsync(database, folder, new Dictionary<string, string?>
        {
            ["Madoguchi:Booking:RequestsPerMinute"] = new BookingSettings().RequestsPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Madoguchi:TrustedProxies"] = "127.0.0.1",
        });
        using var http = LoadRun.Client(server.Url, clients);
        var (booked, refused, errors, next) = (0, 0, 0, -1);
        string? firstRefusal = null;
        var latencies = new List<double>[clients];
        // The first seconds warm the server (JIT, pools) as a server in service is warm; they are not counted.
        var warmUp = TimeSpan.FromSeconds(WarmUpSeconds);
        var watch = Stopwatch.StartNew();
        var deadline = warmUp + TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = [];
            int i;
            while (watch.Elapsed < deadline && (i = Interlocked.Increment(ref next)) < cards.Count)
            {
                var counted = watch.Elapsed >= warmUp;
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings")
                {
                    // Round the window's slots: no slot gets more than its 50 seats, so every booking can succeed.
                    Content = JsonContent.Create(new { placeId, start = times[i % times.Count], cards = new[] { new { managementNumber = cards[i].Number, birthDate = cards[i].Birth } }, phone = "090-1234-5678" }),
                };
                request.Headers.Add("X-Forwarded-For", $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}");
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request, cancellationToken);
                    if (!counted)
                    {
                        continue;
                    }

                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref booked);
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                        Interlocked.CompareExchange(ref firstRefusal, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}", null);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }, cancellationToken)));
        return new HttpLoad(booked, refused, errors, watch.Elapsed.TotalSeconds - WarmUpSeconds, latencies.SelectMany(l => l).Order().ToList(), firstRefusal);
    }

    /// <summary>Slots holding more than their seats, and cards with two active bookings.</summary>
    private static async Task<(int Overbooked, int Duplicates)> ExactnessAsync(DatabaseSettings settings, CancellationToken cancellationToken)
    {
        await using var db = settings.Open();
        var overbooked = await db.Slots.AsNoTracking()
            .CountAsync(s => s.Taken > s.Capacity || db.Bookings.Where(b => b.SlotId == s.Id).Sum(b => b.People) > s.Capacity, cancellationToken);
        return (overbooked, await BookingBenchmark.CardsBookedTwiceAsync(db, cancellationToken));
    }

    /// <summary>
    /// The booking transaction and nothing else, as plain SQL by as many workers: take a seat with the
    /// conditional update, insert the booking and its card (a new card each time), commit. On SQLite the
    /// writers of this process queue for the one write lock, as the app's do.
    /// </summary>
    private async Task<double> PlainSqlAsync(DatabaseSettings settings, int placeId, int clients, double seconds, CancellationToken cancellationToken)
    {
        var quarter = TimeSpan.FromMinutes(15).Ticks;
        var far = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        const int SlotCount = 4_000;
        var sqlite = provider == DatabaseProvider.Sqlite;
        await ExecuteAsync(settings, $"""
            INSERT INTO slots (place_id, start, "end", capacity, taken)
            SELECT {placeId}, {Time($"{far} + i * {quarter}")}, {Time($"{far} + (i + 1) * {quarter}")}, {SeatsPerSlot}, 0
            FROM ({Series(SlotCount)}) AS n
            """, cancellationToken);
        var slots = new List<(long Id, object Start, object End)>();
        await using (var connection = Open(settings))
        {
            await connection.OpenAsync(cancellationToken);
            await using var read = connection.CreateCommand();
            read.CommandText = $"""SELECT id, start, "end" FROM slots WHERE start > {Time(far.ToString(CultureInfo.InvariantCulture))} ORDER BY start""";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                slots.Add((reader.GetInt64(0), reader.GetValue(1), reader.GetValue(2)));
            }
        }

        var gate = new SemaphoreSlim(1, 1);
        var (done, next) = (0, -1);
        var watch = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while (watch.Elapsed < deadline && (i = Interlocked.Increment(ref next)) < slots.Count * SeatsPerSlot)
            {
                var slot = slots[i % slots.Count];
                if (sqlite)
                {
                    await gate.WaitAsync(cancellationToken);
                }

                try
                {
                    await using var connection = Open(settings);
                    await connection.OpenAsync(cancellationToken);
                    if (sqlite)
                    {
                        await using var pragmas = connection.CreateCommand();
                        pragmas.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
                        await pragmas.ExecuteNonQueryAsync(cancellationToken);
                    }

                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    if (await RunAsync(connection, transaction, "UPDATE slots SET taken = taken + 1 WHERE id = @slot AND taken + 1 <= capacity", ("@slot", slot.Id)) != 1)
                    {
                        await transaction.RollbackAsync(cancellationToken);
                        continue;
                    }

                    await using var insert = connection.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = """
                        INSERT INTO bookings (code, slot_id, place_id, start, "end", people, phone, created_at, channel, status)
                        VALUES (@code, @slot, @place, @start, @end, 1, '090-1234-5678', @now, 'bench', 1) RETURNING id
                        """;
                    Add(insert, ("@code", $"L{i:D8}"), ("@slot", slot.Id), ("@place", placeId), ("@start", slot.Start), ("@end", slot.End), ("@now", sqlite ? DateTimeOffset.UtcNow.UtcTicks : DateTimeOffset.UtcNow));
                    var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                    await RunAsync(connection, transaction, $"INSERT INTO booked_cards (booking_id, management_number, active) VALUES (@id, @number, {(sqlite ? "1" : "true")})", ("@id", id), ("@number", $"q{i / 1000000 % 100:D2}-{i % 1000000:D6}"));
                    await transaction.CommitAsync(cancellationToken);
                    Interlocked.Increment(ref done);
                }
                finally
                {
                    if (sqlite)
                    {
                        gate.Release();
                    }
                }
            }
        }, cancellationToken)));
        return done / watch.Elapsed.TotalSeconds;

        async Task<int> RunAsync(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            Add(command, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void Add(DbCommand command, params (string Name, object Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }

    private static DbConnection Open(DatabaseSettings settings) =>
        settings.Provider == DatabaseProvider.Sqlite ? new SqliteConnection(settings.ConnectionString) : new NpgsqlConnection(settings.ConnectionString);

    private static async Task ExecuteAsync(DatabaseSettings settings, string sql, CancellationToken cancellationToken)
    {
        await using var connection = Open(settings);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
