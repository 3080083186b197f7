using System.Text;

using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Ledger;
using Madoguchi.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

using Npgsql;

namespace Madoguchi.Tests.Wall;

/// <summary>
/// The database's half of the wall (R3): the public zone's role, as the migrations grant it on a
/// real PostgreSQL. It is refused the ledger, the staff accounts and reading or changing the audit
/// log (42501 insufficient_privilege), and can still do the public zone's work: read card keys
/// and book. The clock stands on Monday 2027-02-22 10:00 in Ueda.
/// </summary>
public sealed class PublicRoleTests : IAsyncLifetime
{
    private const string InsufficientPrivilege = "42501";
    private const string Taro = "A1B-123456";
    private const string Hanako = "C2D-654321";

    private static readonly DateTimeOffset Monday = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));

    private readonly BookingSettings _settings = new() { OnlineCancel = true };
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var db = _database.Open();
        await PlaceSetup.SeedAsync(db, UedaPlaces.All);
        const string Csv = "管理番号,氏名,生年月日,性別,住所\r\n"
            + $"{Taro},上田　太郎,1985-04-12,男,長野県上田市大手一丁目1番1号\r\n"
            + $"{Hanako},上田　花子,1990-01-01,女,長野県上田市大手一丁目1番1号\r\n";
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(Csv));
        await new ImportLedgerFile(db, _clock, TestAudit.Trail(_clock)).RunAsync(file, "cards.csv", new LedgerImportOptions("test"));
        // As the city's DBA would: the roles exist (the migrations made them) and need a password to log in.
        await db.Database.ExecuteSqlRawAsync("ALTER ROLE madoguchi_public PASSWORD 'x'");
        await db.Database.ExecuteSqlRawAsync("ALTER ROLE madoguchi_office PASSWORD 'x'");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task The_public_role_is_refused_the_ledger_and_the_staff_accounts_and_reads_no_card_digest()
    {
        await using var connection = await ConnectAsync("madoguchi_public");

        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "SELECT name, address FROM ledger_entries"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "SELECT count(*) FROM ledger_entries"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "SELECT * FROM staff_accounts"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "SELECT * FROM ledger_imports"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "UPDATE ledger_entries SET status = 2"));
        // Not even the keyed digests (ADR 0025): the role starts a check and reads its answer, the status only.
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "SELECT birth_digest FROM card_keys"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "DELETE FROM card_attempts"));
        var ticket = await ScalarAsync(connection, $"SELECT start_card_check('{Taro}', '{CardSecret.Development.Digest(Taro, new DateOnly(1985, 4, 12))}', '192.0.2.1', NULL)");
        Assert.Equal(1, await ScalarAsync(connection, $"SELECT outcome FROM card_check_result('{ticket}')"));
    }

    [SkippableFact]
    public async Task The_public_role_can_neither_read_nor_add_to_the_office_key_ring()
    {
        // Were it able to, a broken-into public process could make an office sign-in cookie.
        await using var connection = await ConnectAsync("madoguchi_public");

        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "SELECT xml FROM office_data_protection_keys"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "INSERT INTO office_data_protection_keys (friendly_name, xml) VALUES ('key-x', '<key/>')"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM data_protection_keys"));
    }

    [SkippableFact]
    public async Task The_public_role_can_neither_read_write_change_nor_remove_an_audit_entry()
    {
        // The public zone writes no audit entries (ADR 0026): holding INSERT and the last hash was all a forger needed.
        await using (var db = _database.Open())
        {
            await new AuditLog(db, _clock, AuditKeys.Generate()).WriteAsync(new AuditEvent("ledger.search", Records: ["ledger:1"]));
        }

        await using var connection = await ConnectAsync("madoguchi_public");

        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "INSERT INTO audit_entries (id, at, action, records, record_count, outcome, previous_hash, hash) VALUES (2, 0, 'x', '', 0, 'ok', 'a', 'b')"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "UPDATE audit_entries SET outcome = 'refused' WHERE id = 1"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "DELETE FROM audit_entries WHERE id = 1"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "TRUNCATE audit_entries"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "SELECT id, hash FROM audit_entries"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "SELECT action, records FROM audit_entries"));
    }

    [SkippableFact]
    public async Task The_office_role_reads_the_ledger_but_cannot_change_or_remove_an_audit_entry_either()
    {
        await using (var db = Open("madoguchi_office"))
        {
            await new AuditLog(db, _clock, AuditKeys.Generate()).WriteAsync(new AuditEvent("booking.made"));
        }

        await using var connection = await ConnectAsync("madoguchi_office");

        Assert.Equal(2L, await ScalarAsync(connection, "SELECT count(*) FROM ledger_entries"));
        // The cards' import wrote the first entry.
        Assert.Equal("booking.made", await ScalarAsync(connection, "SELECT action FROM audit_entries ORDER BY id DESC LIMIT 1"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "UPDATE audit_entries SET outcome = 'refused'"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "DELETE FROM audit_entries"));
        Assert.Equal(InsufficientPrivilege, await RefusedAsync(connection, "DELETE FROM audit_checkpoints"));
    }

    [SkippableFact]
    public async Task The_public_zones_work_runs_on_the_public_role_a_hold_a_booking_a_wrong_birth_date_and_a_look_up()
    {
        await using var db = Open("madoguchi_public");

        var code = await BookTaroAsync(db);

        Assert.Equal("card-not-found", (await new CheckCards(db, _clock, _settings).RunAsync([new CardProof(Hanako, "1990-01-02")], forNewBooking: true)).Problem?.Code);
        var found = await new LookUpBooking(db, _clock, _settings, new Madoguchi.Notices.NoticeSettings()).RunAsync(new BookingLookup(code, Taro, "1985-04-12"));
        Assert.True(found.Ok, found.Problem?.Detail);
    }

    [SkippableFact]
    public async Task An_online_cancel_runs_on_the_public_role_and_leaves_its_tombstone()
    {
        await using var db = Open("madoguchi_public");
        var code = await BookTaroAsync(db);

        // EF Core inserts the tombstone with RETURNING id, which needs SELECT on that column too.
        var cancelled = await new LookUpBooking(db, _clock, _settings, new Madoguchi.Notices.NoticeSettings()).CancelAsync(new BookingLookup(code, Taro, "1985-04-12"));

        Assert.True(cancelled.Ok, cancelled.Problem?.Detail);
    }

    private async Task<string> BookTaroAsync(MadoguchiDb db)
    {
        var honcho = await db.Places.Where(p => p.Code == "honcho").Select(p => p.Id).SingleAsync();
        Assert.True(await new Throttle(db, _clock, _settings).AllowAsync("192.0.2.1"));
        var held = await new HoldSeats(db, _clock, _settings).RunAsync(new HoldRequest(honcho, Monday, [new CardProof(Taro, "1985-04-12")]));
        Assert.True(held.Ok, held.Problem?.Detail);
        var booked = await new ConfirmBooking(db, _clock, _settings, new Madoguchi.Notices.NoticeSettings()).RunAsync(new ConfirmRequest(held.Value!.HoldId, null, null, null, "090-1234-5678", null, "web"));
        Assert.True(booked.Ok, booked.Problem?.Detail);
        return booked.Value!.Code;
    }

    private MadoguchiDb Open(string role) => new DatabaseSettings(DatabaseProvider.Postgres, As(role)).Open();

    private async Task<NpgsqlConnection> ConnectAsync(string role)
    {
        var connection = new NpgsqlConnection(As(role));
        await connection.OpenAsync();
        return connection;
    }

    private string As(string role) =>
        new NpgsqlConnectionStringBuilder(_database.Settings.ConnectionString) { Username = role, Password = "x", Pooling = false }.ConnectionString;

    private static async Task<string> RefusedAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        return refused.SqlState;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
