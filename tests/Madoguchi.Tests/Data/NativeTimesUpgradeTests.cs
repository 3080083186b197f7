using Madoguchi.Audit;

using Microsoft.EntityFrameworkCore.Infrastructure;

using Npgsql;

namespace Madoguchi.Tests.Data;

/// <summary>
/// The migration NativeTimes (ADR 0029) on a PostgreSQL database the previous release filled: every
/// time in ticks, most of them with digits below the microsecond (the clock's 100 ns), as
/// <c>TimeProvider.GetUtcNow()</c> gives them. After it, each instant reads as it was to the
/// microsecond, days are the same dates, the audit chain written before still verifies, and psql reads
/// times it can compare with <c>now()</c>.
/// </summary>
public sealed class NativeTimesUpgradeTests : IAsyncLifetime
{
    // 2027-03-01 09:00 in Ueda plus 123.4567 ms: the last tick digit (7) is below the microsecond.
    private static readonly DateTimeOffset Then = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    // Half the slots lie in 2020 (more than a year before any run of this test), half in 2100 (after it).
    private static readonly DateTimeOffset Past = new(2020, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Future = new(2100, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private const int Slots = 100;
    private const int Bookings = 200;
    private const int Holds = 100;
    private const int Cards = 100;
    private const int AuditEntries = 60;

    private readonly AuditKeys _keys = AuditKeys.Generate();
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrate: false);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>Slot i starts on a quarter hour, in the past for even i and in the future for odd i.</summary>
    private static DateTimeOffset SlotStart(int i) => (i % 2 == 0 ? Past : Future).AddMinutes(15 * i);

    /// <summary>Steps of an odd number of ticks, so the digit below the microsecond takes every value.</summary>
    private static DateTimeOffset BookedAt(int i) => Then.AddTicks(1_000_003L * i);

    private static DateTimeOffset HoldMadeAt(int i) => Then.AddTicks(7_777_777L * i);

    private static DateTimeOffset CardChangedAt(int i) => Then.AddTicks(11L * i);

    private static readonly DateTimeOffset LockedUntil = Future.AddTicks(98_765_432_1L);

    private static readonly DateTimeOffset CheckpointWrittenAt = Then.AddDays(1).AddTicks(9);

    /// <summary>What timestamptz keeps: the instant cut to its whole microseconds, in UTC.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset t) => new(t.UtcTicks / 10 * 10, TimeSpan.Zero);

    [SkippableFact]
    public async Task Times_written_as_ticks_read_back_to_the_microsecond_and_the_audit_chain_still_verifies()
    {
        await FillTheOldSchemaAsync();

        var applied = await _database.Settings.MigrateAsync();

        Assert.Contains(applied, m => m.EndsWith("_NativeTimes", StringComparison.Ordinal));
        await using var db = _database.Open();
        Assert.Equal(
            (Slots, Bookings, Holds, Cards, AuditEntries, 1),
            (await db.Slots.CountAsync(), await db.Bookings.CountAsync(), await db.Holds.CountAsync(), await db.LedgerEntries.CountAsync(), await db.AuditEntries.CountAsync(), await db.AuditCheckpoints.CountAsync()));

        // Every seventh row: a sample that meets every value of the digit below the microsecond.
        for (var i = 0; i < Bookings; i += 7)
        {
            var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Code == Code(i));
            Assert.Equal((SlotStart(i / 2), SlotStart(i / 2).AddMinutes(15)), (booking.Start, booking.End));
            Assert.Equal(Microseconds(BookedAt(i)), booking.CreatedAt);
            Assert.True(BookedAt(i) - booking.CreatedAt < TimeSpan.FromMicroseconds(1));
            Assert.Equal(i % 2 == 0 ? Microseconds(BookedAt(i).AddHours(1)) : (DateTimeOffset?)null, booking.CheckedInAt);
            Assert.Equal(TimeSpan.Zero, booking.CreatedAt.Offset);
        }

        for (var i = 0; i < Holds; i += 7)
        {
            var hold = await db.Holds.AsNoTracking().SingleAsync(h => h.Id == HoldId(i));
            Assert.Equal((Microseconds(HoldMadeAt(i)), Microseconds(HoldMadeAt(i).AddMinutes(10).AddTicks(3))), (hold.CreatedAt, hold.ExpiresAt));
        }

        for (var i = 0; i < Cards; i += 7)
        {
            var card = await db.LedgerEntries.AsNoTracking().SingleAsync(e => e.ManagementNumber == Number(i));
            Assert.Equal((new DateOnly(1950, 1, 1).AddDays(i * 97), new DateOnly(2027, 2, 1).AddDays(i % 28)), (card.BirthDate, card.ArrivedOn));
            Assert.Equal(Microseconds(CardChangedAt(i)), card.StatusChangedAt);
        }

        Assert.Equal(Microseconds(LockedUntil), (await db.CardAttempts.AsNoTracking().SingleAsync()).LockedUntil);
        Assert.Equal(Microseconds(CheckpointWrittenAt), (await db.AuditCheckpoints.AsNoTracking().SingleAsync()).WrittenAt);

        // The audit log keeps its ticks: the entries written before verify, and the chain goes on.
        var before = await new VerifyAuditLog(db, _keys).RunAsync();
        Assert.True(before.Ok, before.Reason);
        Assert.Equal((AuditEntries, 1), (before.Entries, before.Checkpoints));
        Assert.Equal(Then.AddTicks(1_234_567L * (AuditEntries - 1)), await db.AuditEntries.Where(e => e.Id == AuditEntries).Select(e => e.At).SingleAsync());
        var clock = new FakeTimeProvider(Then.AddDays(2).AddTicks(3));
        await new AuditLog(db, clock, _keys).WriteAsync(new AuditEvent("ledger.entry.view", Records: ["ledger:1"], StaffId: 7, StaffLogin: "tanaka", Role: "Clerk"));
        var after = await new VerifyAuditLog(db, _keys).RunAsync();
        Assert.True(after.Ok, after.Reason);
        Assert.Equal(AuditEntries + 1, after.Entries);
    }

    [SkippableFact]
    public async Task Psql_reads_the_converted_times_as_timestamps_and_compares_them_with_now()
    {
        await FillTheOldSchemaAsync();
        await _database.Settings.MigrateAsync();

        await using var connection = new NpgsqlConnection(_database.Settings.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal("timestamp with time zone", await ScalarAsync(connection, "SELECT pg_typeof(start)::text FROM bookings LIMIT 1"));
        // The odd slots, in 2100, are the bookings after a year ago; the even ones, in 2020, are not.
        Assert.Equal((long)Bookings / 2, await ScalarAsync(connection, "SELECT count(*) FROM bookings WHERE start > now() - interval '1 year'"));
        // Booking 1 sits in slot 0, 2020-06-01 00:00 UTC: 09:00 in Ueda, as the city's DBA would read it.
        await ExecuteAsync(connection, "SET TimeZone = 'Asia/Tokyo'");
        Assert.Equal("2020-06-01 09:00:00+09", await ScalarAsync(connection, $"SELECT start::text FROM bookings WHERE code = '{Code(1)}'"));
        Assert.Equal("2027-03-01 09:00:00.123456+09", await ScalarAsync(connection, $"SELECT created_at::text FROM bookings WHERE code = '{Code(0)}'"));

        // The card locked before the upgrade is still locked, by the rewritten check in the database, until the same microsecond.
        var ticket = await ScalarAsync(connection, $"SELECT start_card_check('{Number(0)}', 'wrong', '192.0.2.1', NULL)");
        Assert.Equal(2, await ScalarAsync(connection, $"SELECT outcome FROM card_check_result('{ticket}')"));
        var until = Assert.IsType<DateTime>(await ScalarAsync(connection, $"SELECT locked_until FROM card_check_result('{ticket}')"));
        Assert.Equal(Microseconds(LockedUntil), new DateTimeOffset(until, TimeSpan.Zero));
    }

    /// <summary>The previous release's schema, filled as it wrote rows: every instant a bigint of UTC ticks.</summary>
    private async Task FillTheOldSchemaAsync()
    {
        await using (var db = _database.Open())
        {
            var previous = db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_NativeTimes", StringComparison.Ordinal)).Last();
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(previous);
        }

        await using var connection = new NpgsqlConnection(_database.Settings.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal("bigint", await ScalarAsync(connection, "SELECT data_type FROM information_schema.columns WHERE table_name = 'bookings' AND column_name = 'start'"));
        var place = (int)(await ScalarAsync(
            connection,
            "INSERT INTO places (code, name, name_english, address, counters, slot_minutes, hours) VALUES ('honcho', '本庁舎', 'City Hall', '上田市', 2, 15, '') RETURNING id"))!;
        for (var i = 0; i < Slots; i++)
        {
            var slot = (long)(await ScalarAsync(
                connection,
                "INSERT INTO slots (place_id, start, \"end\", capacity, taken) VALUES (@place, @start, @end, 4, 2) RETURNING id",
                ("place", place),
                ("start", SlotStart(i).UtcTicks),
                ("end", SlotStart(i).AddMinutes(15).UtcTicks)))!;
            foreach (var b in new[] { 2 * i, (2 * i) + 1 })
            {
                await ExecuteAsync(
                    connection,
                    "INSERT INTO bookings (code, slot_id, place_id, start, \"end\", people, phone, created_at, channel, status, checked_in_at) VALUES (@code, @slot, @place, @start, @end, 1, '0268-22-1111', @created, 'web', 1, @checked)",
                    ("code", Code(b)),
                    ("slot", slot),
                    ("place", place),
                    ("start", SlotStart(i).UtcTicks),
                    ("end", SlotStart(i).AddMinutes(15).UtcTicks),
                    ("created", BookedAt(b).UtcTicks),
                    ("checked", b % 2 == 0 ? BookedAt(b).AddHours(1).UtcTicks : (object)DBNull.Value));
            }

            await ExecuteAsync(
                connection,
                "INSERT INTO holds (id, slot_id, seats, created_at, expires_at) VALUES (@id, @slot, 1, @created, @expires)",
                ("id", HoldId(i)),
                ("slot", slot),
                ("created", HoldMadeAt(i).UtcTicks),
                ("expires", HoldMadeAt(i).AddMinutes(10).AddTicks(3).UtcTicks));
        }

        var import = (long)(await ScalarAsync(
            connection,
            "INSERT INTO ledger_imports (file_name, file_sha256, encoding, imported_at, imported_by, rows, imported, unchanged, rejected, conflicts, ignored_columns) VALUES ('a.csv', '', 'UTF-8', @at, 'test', 100, 100, 0, 0, 0, '') RETURNING id",
            ("at", Then.UtcTicks)))!;
        for (var i = 0; i < Cards; i++)
        {
            await ExecuteAsync(
                connection,
                "INSERT INTO ledger_entries (management_number, name, birth_date, birth_digest, sex, address, kind, arrived_on, status, status_changed_at, import_id, import_line) "
                + "VALUES (@number, '上田　太郎', @birth, 'x', 1, '上田市', 1, @arrived, 1, @changed, @import, @line)",
                ("number", Number(i)),
                ("birth", new DateOnly(1950, 1, 1).AddDays(i * 97)),
                ("arrived", new DateOnly(2027, 2, 1).AddDays(i % 28)),
                ("changed", CardChangedAt(i).UtcTicks),
                ("import", import),
                ("line", i + 2));
        }

        await ExecuteAsync(
            connection,
            "INSERT INTO card_attempts (management_number, failures, last_failure_at, locked_until) VALUES (@number, 5, @last, @until)",
            ("number", Number(0)),
            ("last", Then.UtcTicks),
            ("until", LockedUntil.UtcTicks));

        // The audit log as the previous release wrote it: its writer is unchanged, and so is the table.
        await using (var db = _database.Open())
        {
            var clock = new FakeTimeProvider(Then);
            var log = new AuditLog(db, clock, _keys);
            for (var i = 0; i < AuditEntries; i++)
            {
                await log.WriteAsync(new AuditEvent("ledger.entry.view", Records: [$"ledger:{i}"], StaffId: 7, StaffLogin: "tanaka", Role: "Clerk", Address: "10.1.2.3", UserAgent: "Edge"));
                clock.Advance(TimeSpan.FromTicks(1_234_567));
            }
        }

        await ExecuteAsync(
            connection,
            "INSERT INTO audit_checkpoints (day, last_entry_id, last_hash, written_at) SELECT DATE '2027-03-01', id, hash, @at FROM audit_entries ORDER BY id DESC LIMIT 1",
            ("at", CheckpointWrittenAt.UtcTicks));
    }

    private static string Code(int i) => $"N{i:D8}";

    private static string Number(int i) => $"U{i / 1000000:D2}-{i % 1000000:D6}";

    private static Guid HoldId(int i) => new($"00000000-0000-0000-0000-{i:D12}");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
