using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Counter;
using Madoguchi.Ledger;

namespace Madoguchi.Tests.Counter;

/// <summary>
/// Counter work on the day against a real database, on both engines: the issue's one transaction and
/// its conditional updates must behave the same on SQLite and PostgreSQL. Bookings are made through
/// the real booking path on Monday 2027-02-22 10:00 for Wednesday 2027-02-24 (the first bookable
/// working day: 2/23 is 天皇誕生日); the clock then moves to that Wednesday morning.
/// </summary>
public abstract class CounterWorkTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string Hanako = "C2D-654321";
    private const string Jiro = "E3F-111111";
    private const string Shiro = "G4H-222222";
    private const int Clerk = 7;

    private static readonly DateTimeOffset WednesdayNine = new(2027, 2, 24, 9, 0, 0, TimeSpan.FromHours(9));

    // Every place: a 係長 or a City Hall clerk. Maruko only: a branch centre's clerk.
    private static readonly string[] Everywhere = ["honcho", "minami", "maruko", "sanada", "takeshi"];
    private static readonly string[] MarukoOnly = ["maruko"];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private MadoguchiDb _db = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(provider);
        _db = _database.Open();
        await TestLedger.ImportAsync(
            _db,
            _clock,
            [
                $"{Taro},上田　太郎,1985-04-12,男,長野県上田市大手一丁目1番1号",
                $"{Hanako},上田　花子,1990-01-01,女,長野県上田市大手一丁目1番1号",
                $"{Jiro},真田　次郎,2000-02-29,男,長野県上田市真田町長100",
                $"{Shiro},丸子　四郎,1970-01-01,男,長野県上田市上丸子1612",
            ]);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    [SkippableFact]
    public async Task Each_card_is_issued_with_who_when_and_counter_and_the_booking_is_issued_with_its_last_card()
    {
        var booking = await BookAsync("honcho", WednesdayNine, (Taro, "1985-04-12"), (Hanako, "1990-01-01"));
        MorningOfTheDay();
        Assert.True((await new CheckIn(_db, _clock, TestAudit.Trail(_clock)).RunAsync(booking, 2, Everywhere)).Ok);

        // The clerk scans the card: full width and lower case, as a keyboard-wedge reader on a Japanese IME may type it.
        var check = await new IssueCard(_db, _clock, TestAudit.Trail(_clock)).CheckAsync(booking, "ａ１ｂー１２３４５６", Everywhere);
        Assert.Equal(("上田　太郎", new DateOnly(1985, 4, 12)), (check.Value!.Name, check.Value.BirthDate));

        var first = await new IssueCard(_db, _clock, TestAudit.Trail(_clock)).ForBookingAsync(booking, "a1b123456", confirmed: true, Clerk, Everywhere);

        Assert.True(first.Ok, first.Problem?.Detail);
        var issue = await _db.CardIssues.AsNoTracking().SingleAsync();
        Assert.Equal((Taro, booking, 2, Clerk, _clock.GetUtcNow()), (issue.ManagementNumber, issue.BookingId!.Value, issue.Counter, issue.IssuedBy, issue.IssuedAt));
        Assert.Equal(await PlaceIdAsync("honcho"), issue.PlaceId);
        var taro = await EntryAsync(Taro);
        Assert.Equal((CardStatus.Issued, _clock.GetUtcNow()), (taro.Status, taro.StatusChangedAt));
        Assert.False(await _db.BookedCards.AnyAsync(c => c.ManagementNumber == Taro && c.Active));
        // Hanako has not been handed her card yet.
        Assert.Equal(BookingStatus.CheckedIn, await StatusAsync(booking));

        var second = await new IssueCard(_db, _clock, TestAudit.Trail(_clock)).ForBookingAsync(booking, Hanako, confirmed: true, Clerk, Everywhere);

        Assert.True(second.Ok, second.Problem?.Detail);
        Assert.Equal(BookingStatus.Issued, await StatusAsync(booking));
        Assert.Equal(CardStatus.Issued, (await EntryAsync(Hanako)).Status);
    }

    [SkippableFact]
    public async Task A_number_that_is_not_the_bookings_is_refused_and_nothing_changes()
    {
        var booking = await BookAsync("honcho", WednesdayNine, (Taro, "1985-04-12"));
        MorningOfTheDay();
        await new CheckIn(_db, _clock, TestAudit.Trail(_clock)).RunAsync(booking, 1, Everywhere);

        // Jiro's card exists and is ready: the wrong card taken from the shelf.
        var wrong = await new IssueCard(_db, _clock, TestAudit.Trail(_clock)).ForBookingAsync(booking, Jiro, confirmed: true, Clerk, Everywhere);

        Assert.Equal("number-not-in-booking", wrong.Problem!.Code);
        Assert.Contains($"管理番号 {Jiro} は、この予約", wrong.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains(Taro, wrong.Problem.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await _db.CardIssues.CountAsync());
        Assert.Equal(CardStatus.Ready, (await EntryAsync(Jiro)).Status);
        Assert.Equal(CardStatus.Ready, (await EntryAsync(Taro)).Status);
    }

    [SkippableFact]
    public async Task A_card_is_not_issued_twice_nor_without_the_confirmation_nor_before_check_in()
    {
        var booking = await BookAsync("honcho", WednesdayNine, (Taro, "1985-04-12"), (Hanako, "1990-01-01"));
        MorningOfTheDay();
        var issue = new IssueCard(_db, _clock, TestAudit.Trail(_clock));

        Assert.Equal("not-checked-in", (await issue.ForBookingAsync(booking, Taro, confirmed: true, Clerk, Everywhere)).Problem!.Code);
        await new CheckIn(_db, _clock, TestAudit.Trail(_clock)).RunAsync(booking, 1, Everywhere);
        var unconfirmed = await issue.ForBookingAsync(booking, Taro, confirmed: false, Clerk, Everywhere);
        Assert.Equal(("not-confirmed", "confirmed"), (unconfirmed.Problem!.Code, unconfirmed.Problem.Field));
        Assert.True((await issue.ForBookingAsync(booking, Taro, confirmed: true, Clerk, Everywhere)).Ok);

        var twice = await issue.ForBookingAsync(booking, Taro, confirmed: true, Clerk, Everywhere);

        Assert.Equal("already-issued", twice.Problem!.Code);
        Assert.Contains("二重には交付できません", twice.Problem!.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await _db.CardIssues.CountAsync());
    }

    [SkippableFact]
    public async Task No_show_is_refused_until_the_slot_ends_then_frees_the_cards_but_keeps_the_seat()
    {
        var booking = await BookAsync("honcho", WednesdayNine, (Taro, "1985-04-12"));
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 9, 14, 59, TimeSpan.FromHours(9)));

        var early = await new MarkNoShow(_db, _clock, TestAudit.Trail(_clock)).RunAsync(booking, Everywhere);

        Assert.Equal("too-early", early.Problem!.Code);
        Assert.Contains("9:15 を過ぎてから", early.Problem!.Detail, StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var done = await new MarkNoShow(_db, _clock, TestAudit.Trail(_clock)).RunAsync(booking, Everywhere);

        Assert.True(done.Ok, done.Problem?.Detail);
        Assert.Equal(BookingStatus.NoShow, await StatusAsync(booking));
        Assert.False(await _db.BookedCards.AnyAsync(c => c.Active));
        Assert.Equal(1, await _db.Slots.Where(s => s.Start == WednesdayNine).Select(s => s.Taken).SingleAsync());
        // The citizen can book again: at 9:15 on Wednesday the window starts on Thursday.
        var again = await new ConfirmBooking(_db, _clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings()).RunAsync(
            new ConfirmRequest(null, await PlaceIdAsync("honcho"), WednesdayNine.AddDays(1), [new CardProof(Taro, "1985-04-12")], "090-1234-5678", null, "web"));
        Assert.True(again.Ok, again.Problem?.Detail);
    }

    [SkippableFact]
    public async Task A_walk_in_is_issued_without_a_booking_after_the_same_checks()
    {
        await BookAsync("honcho", WednesdayNine, (Taro, "1985-04-12"));
        MorningOfTheDay();
        var issue = new IssueCard(_db, _clock, TestAudit.Trail(_clock));

        var otherCard = await issue.WalkInAsync(new WalkInRequest(Jiro, Hanako, "maruko", 1, true), Clerk, Everywhere);
        var booked = await issue.WalkInAsync(new WalkInRequest(Taro, Taro, "maruko", 1, true), Clerk, Everywhere);
        var unconfirmed = await issue.WalkInAsync(new WalkInRequest(Jiro, Jiro, "maruko", 1, false), Clerk, Everywhere);
        var elsewhere = await issue.WalkInAsync(new WalkInRequest(Jiro, Jiro, "honcho", 1, true), Clerk, MarukoOnly);

        Assert.Equal("number-mismatch", otherCard.Problem!.Code);
        // Taro is booked for today at City Hall: his card is handed over from that booking.
        Assert.Equal("card-booked", booked.Problem!.Code);
        Assert.Contains("その予約の画面から交付してください", booked.Problem!.Detail, StringComparison.Ordinal);
        Assert.Equal("not-confirmed", unconfirmed.Problem!.Code);
        Assert.Equal("place-not-allowed", elsewhere.Problem!.Code);
        Assert.Equal(0, await _db.CardIssues.CountAsync());

        var done = await issue.WalkInAsync(new WalkInRequest(Jiro, "e3f111111", "maruko", 1, true), Clerk, MarukoOnly);

        Assert.True(done.Ok, done.Problem?.Detail);
        var record = await _db.CardIssues.AsNoTracking().SingleAsync();
        Assert.Equal((Jiro, (long?)null, await PlaceIdAsync("maruko"), 1, Clerk), (record.ManagementNumber, record.BookingId, record.PlaceId, record.Counter, record.IssuedBy));
        Assert.Equal(CardStatus.Issued, (await EntryAsync(Jiro)).Status);
    }

    [SkippableFact]
    public async Task A_correction_keeps_the_record_with_its_reason_and_makes_the_card_ready_again()
    {
        var booking = await BookAsync("honcho", WednesdayNine, (Taro, "1985-04-12"));
        MorningOfTheDay();
        await new CheckIn(_db, _clock, TestAudit.Trail(_clock)).RunAsync(booking, 1, Everywhere);
        var issued = (await new IssueCard(_db, _clock, TestAudit.Trail(_clock)).ForBookingAsync(booking, Taro, confirmed: true, Clerk, Everywhere)).Value!;
        Assert.Equal(BookingStatus.Issued, await StatusAsync(booking));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var correct = new CorrectIssue(_db, _clock, TestAudit.Trail(_clock));

        Assert.Equal("reason-required", (await correct.RunAsync(issued.Id, "　 ", 8, Everywhere)).Problem!.Code);
        Assert.Equal("reason-required", (await correct.RunAsync(issued.Id, new string('あ', 401), 8, Everywhere)).Problem!.Code);
        Assert.Equal("place-not-allowed", (await correct.RunAsync(issued.Id, "別の方のカードだった", 8, MarukoOnly)).Problem!.Code);

        var done = await correct.RunAsync(issued.Id, " 別の方のカードだった ", 8, Everywhere);

        Assert.True(done.Ok, done.Problem?.Detail);
        var record = await _db.CardIssues.AsNoTracking().SingleAsync();
        Assert.Equal((_clock.GetUtcNow(), 8, "別の方のカードだった"), (record.CorrectedAt!.Value, record.CorrectedBy!.Value, record.CorrectionReason));
        var taro = await EntryAsync(Taro);
        Assert.Equal(CardStatus.Ready, taro.Status);
        var change = await _db.LedgerStatusChanges.AsNoTracking().SingleAsync();
        Assert.Equal((taro.Id, CardStatus.Issued, CardStatus.Ready, "別の方のカードだった", 8), (change.EntryId, change.From, change.To, change.Reason, change.StaffId));
        Assert.Equal(BookingStatus.CheckedIn, await StatusAsync(booking));
        Assert.Equal("already-corrected", (await correct.RunAsync(issued.Id, "もう一度", 8, Everywhere)).Problem!.Code);
        // The right card can now be handed over from the same booking.
        Assert.True((await new IssueCard(_db, _clock, TestAudit.Trail(_clock)).ForBookingAsync(booking, Taro, confirmed: true, Clerk, Everywhere)).Ok);
        Assert.Equal(BookingStatus.Issued, await StatusAsync(booking));
    }

    [SkippableFact]
    public async Task Check_in_is_for_the_bookings_day_and_place_and_a_counter_that_exists()
    {
        var booking = await BookAsync("honcho", WednesdayNine, (Taro, "1985-04-12"));
        var checkIn = new CheckIn(_db, _clock, TestAudit.Trail(_clock));

        // Still Monday.
        Assert.Equal("not-today", (await checkIn.RunAsync(booking, 1, Everywhere)).Problem!.Code);
        MorningOfTheDay();
        Assert.Equal("place-not-allowed", (await checkIn.RunAsync(booking, 1, MarukoOnly)).Problem!.Code);
        // City Hall has two counters.
        Assert.Equal("counter-invalid", (await checkIn.RunAsync(booking, 3, Everywhere)).Problem!.Code);

        var done = await checkIn.RunAsync(booking, 2, Everywhere);

        Assert.Equal((BookingStatus.CheckedIn, 2, _clock.GetUtcNow()), (done.Value!.Status, done.Value.Counter!.Value, done.Value.CheckedInAt!.Value));
    }

    [SkippableFact]
    public async Task The_days_list_shows_each_booking_in_time_order_with_its_ledger_entries()
    {
        var late = await BookAsync("honcho", WednesdayNine.AddHours(2), (Jiro, "2000-02-29"));
        var early = await BookAsync("honcho", WednesdayNine, (Taro, "1985-04-12"), (Hanako, "1990-01-01"));
        var maruko = await BookAsync("maruko", WednesdayNine, (Shiro, "1970-01-01"));
        MorningOfTheDay();
        await new CheckIn(_db, _clock, TestAudit.Trail(_clock)).RunAsync(late, 2, Everywhere);
        var list = new DayList(_db, TestAudit.Trail(_clock));

        var sheet = (await list.RunAsync("honcho", new DateOnly(2027, 2, 24), null, Everywhere)).Value!;

        Assert.Equal([early, late], sheet.Bookings.Select(b => b.Id));
        Assert.Equal(["上田　太郎", "上田　花子"], sheet.Bookings[0].Cards.Select(c => c.Entry!.Name));
        Assert.Equal(2, sheet.Bookings[0].People);
        Assert.Equal([late], (await list.RunAsync("honcho", new DateOnly(2027, 2, 24), 2, Everywhere)).Value!.Bookings.Select(b => b.Id));
        Assert.Empty((await list.RunAsync("honcho", new DateOnly(2027, 2, 25), null, Everywhere)).Value!.Bookings);
        Assert.Equal("place-not-allowed", (await list.RunAsync("honcho", new DateOnly(2027, 2, 24), null, MarukoOnly)).Problem!.Code);
        Assert.Equal([maruko], (await list.RunAsync("maruko", new DateOnly(2027, 2, 24), null, MarukoOnly)).Value!.Bookings.Select(b => b.Id));
    }

    [SkippableFact]
    public async Task Find_opens_a_booking_by_its_code_in_any_case_or_a_card_by_its_number()
    {
        var booking = await BookAsync("honcho", WednesdayNine, (Taro, "1985-04-12"));
        var code = await _db.Bookings.Where(b => b.Id == booking).Select(b => b.Code).SingleAsync();
        MorningOfTheDay();
        var find = new FindAtCounter(_db, _clock, TestAudit.Trail(_clock));

        Assert.Equal(booking, (await find.RunAsync(code.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal), Everywhere)).Value!.BookingId);
        Assert.Equal(booking, (await find.RunAsync("ａ１ｂ－１２３４５６", Everywhere)).Value!.BookingId);
        Assert.Equal("place-not-allowed", (await find.RunAsync(code, MarukoOnly)).Problem!.Code);
        var walkIn = (await find.RunAsync(Jiro, MarukoOnly)).Value!.Card!;
        Assert.True(walkIn.MayIssue);
        Assert.Equal("真田　次郎", walkIn.Entry.Name);
        Assert.Equal("not-a-number", (await find.RunAsync("hello", Everywhere)).Problem!.Code);
    }

    [SkippableFact]
    public async Task Each_counter_action_writes_its_own_entry_in_its_transaction_and_an_entry_that_fails_leaves_no_change()
    {
        var booking = await BookAsync("honcho", WednesdayNine, (Taro, "1985-04-12"));
        MorningOfTheDay();
        var before = await _db.AuditEntries.MaxAsync(e => (long?)e.Id) ?? 0;
        var failing = new AuditTrail(_clock, TestAudit.Keys, () => throw new InvalidOperationException("the audit log cannot be written"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => new CheckIn(_db, _clock, failing).RunAsync(booking, 1, Everywhere));

        Assert.Equal(BookingStatus.Booked, await StatusAsync(booking));
        var trail = TestAudit.Trail(_clock);
        Assert.True((await new CheckIn(_db, _clock, trail).RunAsync(booking, 1, Everywhere)).Ok);
        Assert.Equal("not-confirmed", (await new IssueCard(_db, _clock, trail).ForBookingAsync(booking, Taro, confirmed: false, Clerk, Everywhere)).Problem!.Code);
        var issued = (await new IssueCard(_db, _clock, trail).ForBookingAsync(booking, Taro, confirmed: true, Clerk, Everywhere)).Value!;
        Assert.True((await new CorrectIssue(_db, _clock, trail).RunAsync(issued.Id, "別の方のカードを交付済みにしたため", Clerk, Everywhere)).Ok);
        var taro = (await EntryAsync(Taro)).Id;

        var entries = await _db.AuditEntries.AsNoTracking().Where(e => e.Id > before).OrderBy(e => e.Id).Select(e => new { e.Action, e.Outcome, e.Records, e.StaffLogin }).ToListAsync();
        Assert.Equal(
            [
                ("counter.checkin", AuditOutcome.Ok, $"booking:{booking}"),
                ("counter.issue", AuditOutcome.Refused, $"booking:{booking},ledger:{taro}"),
                ("counter.issue", AuditOutcome.Ok, $"booking:{booking},issue:{issued.Id},ledger:{taro}"),
                ("counter.correct", AuditOutcome.Ok, $"issue:{issued.Id},booking:{booking},ledger:{taro}"),
            ],
            entries.Select(e => (e.Action, e.Outcome, e.Records)));
        Assert.All(entries, e => Assert.Equal(TestAudit.Actor.Login, e.StaffLogin));
    }

    private void MorningOfTheDay() => _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 8, 50, 0, TimeSpan.FromHours(9)));

    /// <summary>Books through the real booking path, as the public API does.</summary>
    private async Task<long> BookAsync(string place, DateTimeOffset start, params (string Number, string Birth)[] cards)
    {
        var made = await new ConfirmBooking(_db, _clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings()).RunAsync(
            new ConfirmRequest(null, await PlaceIdAsync(place), start, cards.Select(c => new CardProof(c.Number, c.Birth)).ToList(), "090-1234-5678", null, "web"));
        Assert.True(made.Ok, made.Problem?.Detail);
        return await _db.Bookings.Where(b => b.Code == made.Value!.Code).Select(b => b.Id).SingleAsync();
    }

    private async Task<int> PlaceIdAsync(string code) => await _db.Places.Where(p => p.Code == code).Select(p => p.Id).SingleAsync();

    private async Task<LedgerEntry> EntryAsync(string number) => await _db.LedgerEntries.AsNoTracking().SingleAsync(e => e.ManagementNumber == number);

    private async Task<BookingStatus> StatusAsync(long booking) => await _db.Bookings.Where(b => b.Id == booking).Select(b => b.Status).SingleAsync();
}

public sealed class CounterWorkOnSqlite() : CounterWorkTests(DatabaseProvider.Sqlite);

public sealed class CounterWorkOnPostgres() : CounterWorkTests(DatabaseProvider.Postgres);
