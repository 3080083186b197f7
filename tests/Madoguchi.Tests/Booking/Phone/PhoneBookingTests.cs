using Madoguchi.Booking;
using Madoguchi.Booking.Phone;
using Madoguchi.Calendar;

namespace Madoguchi.Tests.Booking.Phone;

/// <summary>
/// A clerk on the phone finds, moves and cancels bookings, against a real database on each
/// engine. The clock stands on Monday 2027-02-22 10:00 in Ueda, so the window is 2/23–3/24;
/// Monday 3/1 and Tuesday 3/2 are ordinary open days. The City Hall (honcho) has 2 seats per
/// slot and Maruko 1, so two people fill a City Hall slot and one fills Maruko's.
/// </summary>
public abstract class PhoneBookingTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string Hanako = "C2D-654321";
    private const string Jiro = "E3F-111111";

    // Digits no other row of the test holds, so finding them anywhere means they were kept.
    private const string FamilyPhone = "090-2468-1357";
    private const string FamilyEmail = "ueda-family@example.jp";

    private static readonly DateTimeOffset MondayNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset MondayTen = new(2027, 3, 1, 10, 0, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset TuesdayNine = new(2027, 3, 2, 9, 0, 0, TimeSpan.FromHours(9));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private int _honcho;
    private int _maruko;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(provider);
        _honcho = await _database.PlaceIdAsync("honcho");
        _maruko = await _database.PlaceIdAsync("maruko");
        await _database.ImportLedgerAsync(
            _clock,
            $"{Taro},上田　太郎,1985-04-12,男,長野県上田市大手一丁目1番1号",
            $"{Hanako},上田　花子,1990-01-01,女,長野県上田市大手一丁目1番1号",
            // Another 太郎 with another birthday: the name alone must not find his booking.
            $"{Jiro},真田　太郎,2000-02-29,男,長野県上田市真田町長100");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task Cancel_frees_the_seats_deletes_phone_and_email_keeps_the_ledger_and_leaves_a_tombstone()
    {
        // Taro and Hanako book together and fill the City Hall's two seats at 9:00.
        var family = await BookAsync(_honcho, MondayNine, FamilyPhone, FamilyEmail, (Taro, "1985-04-12"), (Hanako, "1990-01-01"));
        var bookedAt = _clock.GetUtcNow();
        Assert.Equal("slot-full", (await TryBookAsync(_honcho, MondayNine, "0268-22-4100", (Jiro, "2000-02-29"))).Problem?.Code);
        var ledgerBefore = await LedgerAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));

        await using (var db = _database.Open())
        {
            var cancelled = await new CancelByPhone(db, _clock, new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(family.Id, "都合が悪くなった", staffId: 1, _ => true);
            Assert.Equal((family.Code, 2), (cancelled.Value?.Code, cancelled.Value?.People));
        }

        await using (var db = _database.Open())
        {
            Assert.Equal(0, await db.Bookings.CountAsync());
            Assert.Equal(0, await db.BookedCards.CountAsync());
            Assert.Equal(0, await TakenAsync(db, _honcho, MondayNine));
            var tombstone = await db.BookingTombstones.SingleAsync();
            Assert.Equal(
                (_honcho, MondayNine, 2, bookedAt, bookedAt.AddMinutes(5), "phone", "web"),
                (tombstone.PlaceId, tombstone.Start, tombstone.People, tombstone.BookedAt, tombstone.CancelledAt, tombstone.CancelledBy, tombstone.Channel));
        }

        Assert.Equal(ledgerBefore, await LedgerAsync());
        Assert.False(await DatabaseContainsAsync(FamilyPhone));
        // The address stays only in the cancellation mail waiting to go; once it is sent, it goes too.
        Assert.True(await DatabaseContainsAsync(FamilyEmail));
        var mailbox = Directory.CreateTempSubdirectory("madoguchi-phone-mail-");
        await using (var db = _database.Open())
        {
            var round = await new Madoguchi.Notices.DeliverOutbox(db, _clock, new Madoguchi.Notices.MailSettings(), "test")
                .RunAsync(() => new Madoguchi.Notices.DemoMailFolder(mailbox.FullName));
            // The confirmation had not gone before the cancel: superseded, so only the cancellation is sent.
            Assert.Equal((1, 0, 0), (round.Sent, round.Retrying, round.Failed));
            Assert.Equal(Madoguchi.Notices.MailStatus.Superseded, (await db.Outbox.SingleAsync(m => m.Kind == Madoguchi.Notices.MailKind.Confirmed)).Status);
        }

        mailbox.Delete(recursive: true);
        Assert.False(await DatabaseContainsAsync(FamilyEmail));
        // The freed seats are bookable at once by another card.
        Assert.True((await TryBookAsync(_honcho, MondayNine, "0268-22-4100", (Jiro, "2000-02-29"))).Ok);
    }

    [SkippableFact]
    public async Task Cancel_without_a_reason_is_refused_and_changes_nothing()
    {
        var booking = await BookAsync(_maruko, MondayNine, FamilyPhone, null, (Taro, "1985-04-12"));

        await using var db = _database.Open();
        var refused = await new CancelByPhone(db, _clock, new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(booking.Id, "　 ", staffId: 1, _ => true);

        Assert.Equal(("invalid-input", "reason"), (refused.Problem?.Code, refused.Problem?.Field));
        Assert.Equal(FamilyPhone, (await db.Bookings.SingleAsync()).Phone);
        Assert.Equal(1, await TakenAsync(db, _maruko, MondayNine));
        Assert.Equal(0, await db.BookingTombstones.CountAsync());
    }

    [SkippableFact]
    public async Task A_closure_call_waiting_on_the_booking_is_marked_cancelled_with_the_reason()
    {
        var booking = await BookAsync(_maruko, MondayNine, FamilyPhone, null, (Taro, "1985-04-12"));
        await using (var db = _database.Open())
        {
            db.ClosureCalls.Add(new ClosureCall { ClosedDayId = 1, BookingId = booking.Id, Status = CallStatus.Called });
            await db.SaveChangesAsync();
        }

        await using (var db = _database.Open())
        {
            Assert.True((await new CancelByPhone(db, _clock, new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(booking.Id, "閉鎖のため別の日に", staffId: 7, _ => true)).Ok);
        }

        await using (var check = _database.Open())
        {
            var call = await check.ClosureCalls.SingleAsync();
            Assert.Equal((CallStatus.Cancelled, "閉鎖のため別の日に", 7), (call.Status, call.Note, call.StaffId));
        }
    }

    [SkippableFact]
    public async Task A_branch_clerk_cannot_cancel_a_booking_of_another_place()
    {
        var booking = await BookAsync(_honcho, MondayNine, FamilyPhone, null, (Taro, "1985-04-12"));

        await using var db = _database.Open();
        var refused = await new CancelByPhone(db, _clock, new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(booking.Id, "都合が悪くなった", staffId: 1, code => code == "maruko");

        Assert.Equal("other-place", refused.Problem?.Code);
        Assert.Equal(1, await db.Bookings.CountAsync());
    }

    [SkippableFact]
    public async Task Change_time_takes_the_new_seat_and_gives_the_old_one_back()
    {
        var booking = await BookAsync(_honcho, MondayNine, FamilyPhone, null, (Taro, "1985-04-12"));

        await using (var db = _database.Open())
        {
            var moved = await new ChangeBookingTime(db, _clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(booking.Id, _honcho, MondayTen, _ => true);
            Assert.True(moved.Ok, moved.Problem?.Detail);
        }

        await using (var db = _database.Open())
        {
            Assert.Equal((0, 1), (await TakenAsync(db, _honcho, MondayNine), await TakenAsync(db, _honcho, MondayTen)));
            var row = await db.Bookings.Include(b => b.Cards).SingleAsync();
            // Same booking, same code and contact, new time; the card stays booked.
            Assert.Equal((booking.Code, MondayTen, MondayTen.AddMinutes(15), FamilyPhone), (row.Code, row.Start, row.End, row.Phone));
            Assert.Equal(await db.Slots.Where(s => s.PlaceId == _honcho && s.Start == MondayTen).Select(s => s.Id).SingleAsync(), row.SlotId);
            Assert.Equal(Taro, Assert.Single(row.Cards).ManagementNumber);
        }
    }

    [SkippableFact]
    public async Task Change_time_to_a_full_slot_answers_slot_full_and_leaves_everything_as_it_was()
    {
        // Hanako fills Maruko's one seat on Tuesday at 9:00.
        await BookAsync(_maruko, TuesdayNine, "0268-22-4100", null, (Hanako, "1990-01-01"));
        var taro = await BookAsync(_honcho, MondayNine, FamilyPhone, null, (Taro, "1985-04-12"));

        await using (var db = _database.Open())
        {
            var refused = await new ChangeBookingTime(db, _clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(taro.Id, _maruko, TuesdayNine, _ => true);
            Assert.Equal("slot-full", refused.Problem?.Code);
        }

        await using (var db = _database.Open())
        {
            Assert.Equal((1, 1), (await TakenAsync(db, _honcho, MondayNine), await TakenAsync(db, _maruko, TuesdayNine)));
            var row = await db.Bookings.SingleAsync(b => b.Id == taro.Id);
            Assert.Equal((_honcho, MondayNine), (row.PlaceId, row.Start));
        }
    }

    [SkippableFact]
    public async Task Find_by_part_of_the_name_with_the_date_of_birth_in_either_calendar()
    {
        var taro = await BookAsync(_honcho, MondayNine, FamilyPhone, FamilyEmail, (Taro, "1985-04-12"), (Hanako, "1990-01-01"));
        await BookAsync(_maruko, MondayNine, "0268-22-4100", null, (Jiro, "2000-02-29"));
        await using var db = _database.Open();
        var find = new FindBookings(db, TestAudit.Trail(_clock));

        // 昭和60年 is 1985; "太郎" alone would also match 真田　太郎, born 2000.
        var byEra = await find.RunAsync(new BookingSearch(null, null, "太郎", "昭和60年4月12日"), _ => true);
        var byWestern = await find.RunAsync(new BookingSearch(null, null, "上田 太郎", "19850412"), _ => true);
        var nameOnly = await find.RunAsync(new BookingSearch(null, null, "太郎", null), _ => true);
        var otherBranch = await find.RunAsync(new BookingSearch(null, null, "太郎", "S60.4.12"), code => code == "maruko");

        var found = Assert.Single(byEra.Bookings);
        Assert.Equal((taro.Code, "本庁舎 市民課", 2, FamilyPhone, FamilyEmail, "予約中"), (found.Code, found.Place.Name, found.People, found.Phone, found.Email, found.StatusText));
        Assert.Equal(["上田　太郎", "上田　花子"], found.Cards.Select(c => c.Name));
        Assert.Equal(taro.Code, Assert.Single(byWestern.Bookings).Code);
        Assert.False(nameOnly.Searched);
        Assert.Contains("生年月日", nameOnly.Errors["birth"], StringComparison.Ordinal);
        Assert.True(otherBranch.Searched);
        Assert.Empty(otherBranch.Bookings);
    }

    [SkippableFact]
    public async Task Find_by_booking_code_as_read_out_or_by_postcard_number()
    {
        var taro = await BookAsync(_honcho, MondayNine, FamilyPhone, null, (Taro, "1985-04-12"), (Hanako, "1990-01-01"));
        await using var db = _database.Open();
        var find = new FindBookings(db, TestAudit.Trail(_clock));

        // Typed in lower case without the hyphen, as heard on the phone.
        var byCode = await find.RunAsync(new BookingSearch(taro.Code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), null, null, null), _ => true);
        var byNumber = await find.RunAsync(new BookingSearch(null, "c2d654321", null, null), _ => true);
        var wrongCode = await find.RunAsync(new BookingSearch("ABCD-EFGH", null, null, null), _ => true);

        Assert.Equal(taro.Code, Assert.Single(byCode.Bookings).Code);
        Assert.Equal(taro.Code, Assert.Single(byNumber.Bookings).Code);
        Assert.Equal(FindBookings.CodeError, wrongCode.Errors["code"]);
    }

    [SkippableFact]
    public async Task Find_by_the_bookings_phone_number_written_any_way_the_booking_form_accepts()
    {
        var taro = await BookAsync(_honcho, MondayNine, "0268-22-1111", null, (Taro, "1985-04-12"));
        await BookAsync(_maruko, MondayNine, "090-1234-5678", null, (Jiro, "2000-02-29"));
        await using var db = _database.Open();
        var find = new FindBookings(db, TestAudit.Trail(_clock));

        foreach (var typed in new[] { "0268-22-1111", "0268221111", "０２６８－２２－１１１１", "0268 22 1111", "+81 268-22-1111", "+81 (0)268 22 1111", "(0268) 22-1111" })
        {
            var found = await find.RunAsync(new BookingSearch(null, null, null, null, typed), _ => true);
            Assert.True(found.Errors.Count == 0, typed);
            Assert.Equal(taro.Code, Assert.Single(found.Bookings).Code);
        }

        // Typed into the code field, a phone number is searched as one.
        Assert.Equal(taro.Code, Assert.Single((await find.RunAsync(new BookingSearch("0268-22-1111", null, null, null), _ => true)).Bookings).Code);
        var notAPhone = await find.RunAsync(new BookingSearch(null, null, null, null, "0268-22"), _ => true);
        Assert.False(notAPhone.Searched);
        Assert.Equal(FindBookings.PhoneError, notAPhone.Errors["phone"]);
        var otherBranch = await find.RunAsync(new BookingSearch(null, null, null, null, "090-1234-5678"), code => code == "honcho");
        Assert.Empty(otherBranch.Bookings);
    }

    [SkippableFact]
    public async Task The_phone_search_is_an_index_lookup_not_a_scan_of_every_booking()
    {
        await using var db = _database.Open();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // PostgreSQL would rightly scan a table this small; forbidding the scan shows the index can answer.
        command.CommandText = provider == DatabaseProvider.Sqlite
            ? "EXPLAIN QUERY PLAN SELECT * FROM bookings WHERE phone = '0268-22-1111'"
            : "SET enable_seqscan = off; EXPLAIN SELECT * FROM bookings WHERE phone = '0268-22-1111'";
        var plan = new StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetValue(reader.FieldCount - 1).ToString());
            }
        }

        Assert.Contains("IX_bookings_phone", plan.ToString(), StringComparison.Ordinal);
    }

    private async Task<(long Id, string Code)> BookAsync(int placeId, DateTimeOffset start, string phone, string? email, params (string Number, string Birth)[] cards)
    {
        var made = await TryBookAsync(placeId, start, phone, cards, email);
        Assert.True(made.Ok, made.Problem?.Detail);
        await using var db = _database.Open();
        return (await db.Bookings.Where(b => b.Code == made.Value!.Code).Select(b => b.Id).SingleAsync(), made.Value!.Code);
    }

    private Task<Outcome<ConfirmedBooking>> TryBookAsync(int placeId, DateTimeOffset start, string phone, params (string Number, string Birth)[] cards) =>
        TryBookAsync(placeId, start, phone, cards, null);

    private async Task<Outcome<ConfirmedBooking>> TryBookAsync(int placeId, DateTimeOffset start, string phone, (string Number, string Birth)[] cards, string? email)
    {
        await using var db = _database.Open();
        return await new ConfirmBooking(db, _clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings()).RunAsync(
            new ConfirmRequest(null, placeId, start, cards.Select(c => new CardProof(c.Number, c.Birth)).ToList(), phone, email, "web"));
    }

    private static Task<int> TakenAsync(MadoguchiDb db, int placeId, DateTimeOffset start) =>
        db.Slots.Where(s => s.PlaceId == placeId && s.Start == start).Select(s => s.Taken).SingleAsync();

    private async Task<string> LedgerAsync()
    {
        await using var db = _database.Open();
        var rows = await db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        return string.Join("\n", rows.Select(e => $"{e.ManagementNumber}|{e.Name}|{e.BirthDate}|{e.Address}|{e.Status}|{e.StatusChangedAt.UtcTicks}"));
    }

    /// <summary>Looks for a value anywhere the database keeps it: the SQLite file, or every booking-related row.</summary>
    private Task<bool> DatabaseContainsAsync(string value) =>
        _database.ContainsAsync(value, ["bookings", "booked_cards", "booking_tombstones", "closure_calls", "outbox_mails"]);
}

public sealed class PhoneBookingOnSqlite() : PhoneBookingTests(DatabaseProvider.Sqlite);

public sealed class PhoneBookingOnPostgres() : PhoneBookingTests(DatabaseProvider.Postgres);
