using Madoguchi.Audit;
using Madoguchi.Booking;

namespace Madoguchi.Tests.Wall;

/// <summary>
/// The database's half of the wall (R3): the public zone's role, as the migrations grant it on a
/// real PostgreSQL. It is refused the ledger, the staff accounts and reading or changing the audit
/// log (42501 insufficient_privilege), and can still do the public zone's work: read card keys
/// and book. The clock stands on Monday 2027-02-22 10:00 in Ueda.
/// </summary>
public sealed class PublicRoleTests : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string Hanako = "C2D-654321";

    private static readonly DateTimeOffset Monday = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));

    private readonly BookingSettings _settings = new() { OnlineCancel = true };
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(DatabaseProvider.Postgres);
        await _database.ImportLedgerAsync(
            _clock,
            $"{Taro},上田　太郎,1985-04-12,男,長野県上田市大手一丁目1番1号",
            $"{Hanako},上田　花子,1990-01-01,女,長野県上田市大手一丁目1番1号");
        await using var db = _database.Open();
        await DatabaseRoles.AllowLoginAsync(db, "madoguchi_public", "madoguchi_office");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task The_public_role_is_refused_the_ledger_and_the_staff_accounts_and_reads_no_card_digest()
    {
        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_public");

        await connection.RefusesAsync(
            "SELECT name, address FROM ledger_entries",
            "SELECT count(*) FROM ledger_entries",
            "SELECT * FROM staff_accounts",
            "SELECT * FROM ledger_imports",
            "UPDATE ledger_entries SET status = 2",
            // Not even the keyed digests (ADR 0025): the role starts a check and reads its answer, the status only.
            "SELECT birth_digest FROM card_keys",
            "DELETE FROM card_attempts");
        var ticket = await connection.ScalarAsync($"SELECT start_card_check('{Taro}', '{CardSecret.Development.Digest(Taro, new DateOnly(1985, 4, 12))}', '192.0.2.1', NULL)");
        Assert.Equal(1, await connection.ScalarAsync($"SELECT outcome FROM card_check_result('{ticket}')"));
    }

    [SkippableFact]
    public async Task The_public_role_can_neither_read_nor_add_to_the_office_key_ring()
    {
        // Were it able to, a broken-into public process could make an office sign-in cookie.
        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_public");

        await connection.RefusesAsync(
            "SELECT xml FROM office_data_protection_keys",
            "INSERT INTO office_data_protection_keys (friendly_name, xml) VALUES ('key-x', '<key/>')");
        Assert.Equal(0L, await connection.ScalarAsync("SELECT count(*) FROM data_protection_keys"));
    }

    [SkippableFact]
    public async Task The_public_role_can_neither_read_write_change_nor_remove_an_audit_entry()
    {
        // The public zone writes no audit entries (ADR 0026): holding INSERT and the last hash was all a forger needed.
        await using (var db = _database.Open())
        {
            await new AuditLog(db, _clock, AuditKeys.Generate()).WriteAsync(new AuditEvent("ledger.search", Records: ["ledger:1"]));
        }

        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_public");

        await connection.RefusesAsync(
            "INSERT INTO audit_entries (id, at, action, records, record_count, outcome, previous_hash, hash) VALUES (2, 0, 'x', '', 0, 'ok', 'a', 'b')",
            "UPDATE audit_entries SET outcome = 'refused' WHERE id = 1",
            "DELETE FROM audit_entries WHERE id = 1",
            "TRUNCATE audit_entries",
            "SELECT id, hash FROM audit_entries",
            "SELECT action, records FROM audit_entries");
    }

    [SkippableFact]
    public async Task The_office_role_reads_the_ledger_but_cannot_change_or_remove_an_audit_entry_either()
    {
        await using (var db = Open("madoguchi_office"))
        {
            await new AuditLog(db, _clock, AuditKeys.Generate()).WriteAsync(new AuditEvent("booking.made"));
        }

        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_office");

        Assert.Equal(2L, await connection.ScalarAsync("SELECT count(*) FROM ledger_entries"));
        // The cards' import wrote the first entry.
        Assert.Equal("booking.made", await connection.ScalarAsync("SELECT action FROM audit_entries ORDER BY id DESC LIMIT 1"));
        await connection.RefusesAsync(
            "UPDATE audit_entries SET outcome = 'refused'",
            "DELETE FROM audit_entries",
            "DELETE FROM audit_checkpoints");
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

    private MadoguchiDb Open(string role) => new DatabaseSettings(DatabaseProvider.Postgres, DatabaseRoles.As(_database, role)).Open();
}
