using Madoguchi.Booking;

using Npgsql;

namespace Madoguchi.Tests.Wall.Attacks;

/// <summary>
/// The city's issue 13.3, replayed on a real PostgreSQL as the public zone's role: it may not read
/// any citizen's phone, e-mail or mail, nor change or remove a booking; it reaches one booking only
/// by its code, through a function that returns that one row with the phone masked as the page masks it.
/// Taro booked (with an e-mail address, so a confirmation mail waits in the outbox).
/// </summary>
public sealed class ContactDataTests : IAsyncLifetime
{
    private const string Taro = "A1B-123456";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private string _code = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(DatabaseProvider.Postgres);
        await _database.ImportLedgerAsync(_clock, $"{Taro},上田　太郎,1985-04-12,男,長野県上田市大手一丁目1番1号");
        var honcho = await _database.PlaceIdAsync("honcho");
        await using var db = _database.Open();
        var settings = new BookingSettings();
        var booked = await new ConfirmBooking(db, _clock, settings, new Madoguchi.Notices.NoticeSettings()).RunAsync(
            new ConfirmRequest(null, honcho, new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9)), [new CardProof(Taro, "1985-04-12")], "090-1234-5678", "taro@example.jp", "web"));
        Assert.True(booked.Ok, booked.Problem?.Detail);
        _code = booked.Value!.Code;
        Assert.Equal(1, await db.Outbox.CountAsync());
        await DatabaseRoles.AllowLoginAsync(db, "madoguchi_public");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task The_public_role_cannot_read_a_phone_an_email_or_a_mail()
    {
        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_public");

        await connection.RefusesAsync(
            "SELECT phone FROM bookings",
            "SELECT email FROM bookings",
            "SELECT * FROM bookings",
            "SELECT \"to\" FROM outbox_mails",
            "SELECT subject, text_body, html_body, calendar FROM outbox_mails",
            "SELECT count(*) FROM bookings WHERE phone LIKE '090%'");
    }

    [SkippableFact]
    public async Task No_column_the_public_role_may_read_is_personal()
    {
        // Asked column by column, so a grant on a single column (not only a whole table) is found too.
        await using var db = _database.Open();
        var readable = await db.Database.SqlQueryRaw<string>(
            "SELECT c.table_name || '.' || c.column_name AS \"Value\" FROM information_schema.columns c "
            + "WHERE c.table_schema = 'public' AND has_column_privilege('madoguchi_public', format('%I.%I', c.table_schema, c.table_name), c.column_name, 'SELECT')")
            .ToListAsync();

        string[] personal = ["bookings.phone", "bookings.email", "outbox_mails.to", "outbox_mails.subject", "outbox_mails.text_body", "outbox_mails.html_body", "outbox_mails.calendar"];
        string[] closedTables = ["ledger_", "staff_", "audit_entries.", "audit_checkpoints.", "office_data_protection_keys.", "closure_calls."];
        Assert.Contains("bookings.code", readable);
        Assert.DoesNotContain(readable, c => personal.Contains(c) || closedTables.Any(c.StartsWith));
    }

    [SkippableFact]
    public async Task The_public_role_can_neither_change_nor_remove_a_booking_or_a_mail()
    {
        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_public");

        await connection.RefusesAsync(
            "UPDATE bookings SET people = 5",
            "DELETE FROM bookings",
            "UPDATE outbox_mails SET status = 3",
            "DELETE FROM outbox_mails");
    }

    [SkippableFact]
    public async Task The_one_booking_function_answers_only_the_right_code_with_the_phone_masked()
    {
        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_public");

        Assert.Equal(0L, await connection.ScalarAsync("SELECT count(*) FROM booking_by_code('ZZZZ-9999')"));
        Assert.Equal(0L, await connection.ScalarAsync("SELECT count(*) FROM booking_by_code('')"));
        Assert.Equal(0L, await connection.ScalarAsync("SELECT count(*) FROM booking_by_code('%')"));
        Assert.Equal("***-****-5678", await connection.ScalarAsync($"SELECT masked_phone FROM booking_by_code('{_code}')"));
        Assert.Equal(true, await connection.ScalarAsync($"SELECT has_email FROM booking_by_code('{_code}')"));
    }

    /// <summary>
    /// The codes are readable (a new booking's code must be unique), so a code alone proves nothing:
    /// an attacker with the public role reads every code and would cancel every booking and collect
    /// every e-mail address. The cancel function asks for the ticket of a right check of a card on the
    /// booking (counted and committed), and answers nothing without it.
    /// </summary>
    [SkippableFact]
    public async Task Reading_the_codes_does_not_let_the_public_role_cancel_a_booking_or_see_its_e_mail()
    {
        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_public");
        var codes = new List<string>();
        await using (var read = new NpgsqlCommand("SELECT code FROM bookings", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                codes.Add(reader.GetString(0));
            }
        }

        Assert.Equal([_code], codes);
        // Before the fix the function took the code alone: cancel_booking_by_code(code, 0, ARRAY['x']) cancelled Taro's booking and answered taro@example.jp.
        Assert.Null(await connection.ScalarAsync($"SELECT email FROM cancel_booking_by_code('{_code}', gen_random_uuid(), NULL, ARRAY['x'])"));

        // A wrong date's ticket is no better, and it was counted.
        var wrong = await connection.ScalarAsync($"SELECT start_card_check('{Taro}', '{CardSecret.Development.Digest(Taro, new DateOnly(1960, 1, 1))}', '192.0.2.66', NULL)");
        Assert.Null(await connection.ScalarAsync($"SELECT email FROM cancel_booking_by_code('{_code}', '{wrong}', NULL, ARRAY['x'])"));

        await using var db = _database.Open();
        Assert.Equal(BookingStatus.Booked, await db.Bookings.Where(b => b.Code == _code).Select(b => b.Status).SingleAsync());
        Assert.Equal(1, await db.CardAttempts.Where(a => a.ManagementNumber == Taro).Select(a => a.Failures).SingleAsync());
    }

    /// <summary>
    /// A check's count is written in the caller's transaction. With the connection string and the card
    /// key (both in the public process), an attacker tried dates inside a transaction and rolled it
    /// back: five dates answered per transaction, none counted, for ever. Seen on the old code: three
    /// rolled-back transactions of five dates each, check_card answered 1 for the right date (the
    /// 12th), and the card had no failure at all. Now the public role cannot call check_card, and a
    /// check's answer is given only once its count is committed.
    /// </summary>
    [SkippableFact]
    public async Task Checks_rolled_back_answer_nothing_and_committed_ones_are_counted()
    {
        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_public");
        static string Digest(DateOnly day) => CardSecret.Development.Digest(Taro, day);
        var right = Digest(new DateOnly(1985, 4, 12));

        await connection.RefusesAsync($"SELECT outcome FROM check_card('{Taro}', '{right}', '192.0.2.66', NULL)");

        for (var round = 0; round < 3; round++)
        {
            await using var attempt = await connection.BeginTransactionAsync();
            for (var day = (round * 5) + 1; day <= (round * 5) + 5; day++)
            {
                var ticket = await connection.ScalarAsync($"SELECT start_card_check('{Taro}', '{Digest(new DateOnly(1985, 4, day))}', '192.0.2.66', NULL)");
                Assert.Null(await connection.ScalarAsync($"SELECT outcome FROM card_check_result('{ticket}')"));
            }

            await attempt.RollbackAsync();
        }

        // Outside a transaction each check commits and is counted: five wrong dates, then the card is locked, the right date too.
        var answers = new List<object?>();
        for (var day = 1; day <= 6; day++)
        {
            var digest = day == 6 ? right : Digest(new DateOnly(1985, 4, day));
            var ticket = await connection.ScalarAsync($"SELECT start_card_check('{Taro}', '{digest}', '192.0.2.66', NULL)");
            answers.Add(await connection.ScalarAsync($"SELECT outcome FROM card_check_result('{ticket}')"));
        }

        Assert.Equal([0, 0, 0, 0, 0, 2], answers);
    }

    [SkippableFact]
    public async Task The_public_role_may_create_nothing_for_an_owner_function_to_find()
    {
        await using var connection = await DatabaseRoles.ConnectAsync(_database, "madoguchi_public");
        await connection.RefusesAsync("CREATE FUNCTION public.hashtextextended(text, integer) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint'");
    }
}
