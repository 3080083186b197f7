using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Unclaimed;
using Madoguchi.Retention;

using Microsoft.Data.Sqlite;

namespace Madoguchi.Tests.Retention;

/// <summary>
/// What the purge deletes, on each engine, with a clock moved forward. Today is Monday
/// 2027-02-22 10:00 in Ueda, so 3/1 (Monday) and 3/10 (Wednesday) are bookable; with the default
/// 30 days a booking of 3/1 loses its phone and e-mail on 3/31, one of 3/10 on 4/9. "Gone" is
/// checked where the data lives: the SQLite file's bytes (with its write-ahead log checkpointed),
/// or every row of the PostgreSQL tables as text.
/// </summary>
public abstract class PurgeOldDataTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string Hanako = "C2D-654321";
    private const string Jiro = "E3F-111111";
    private const string Saburo = "G4H-222222";

    // Digits and an address no other row of the test holds, so finding them anywhere means they were kept.
    private const string TaroPhone = "090-2468-1357";
    private const string TaroEmail = "purge-check@example.jp";
    private const string HanakoPhone = "080-9753-8642";

    private static readonly DateTimeOffset MarchFirstNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset MarchTenthNine = new(2027, 3, 10, 9, 0, 0, TimeSpan.FromHours(9));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private readonly BookingSettings _booking = new();
    private readonly Madoguchi.Audit.AuditKeys _keys = Madoguchi.Audit.AuditKeys.Generate();
    private TestDatabase _database = null!;
    private int _honcho;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(provider);
        _honcho = await _database.PlaceIdAsync("honcho");
        await _database.ImportLedgerAsync(
            _clock,
            $"{Taro},上田　太郎,1985-04-12,男,長野県上田市大手一丁目1番1号",
            $"{Hanako},上田　花子,1990-01-01,女,長野県上田市大手一丁目1番1号",
            $"{Jiro},真田　次郎,2000-02-29,男,長野県上田市真田町長100",
            $"{Saburo},廃棄　三郎,1970-07-07,男,長野県上田市廃棄台三丁目3番3号");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task A_bookings_phone_and_email_leave_the_database_on_the_30th_day_after_its_day_and_the_row_stays_for_statistics()
    {
        await BookAsync(MarchFirstNine, TaroPhone, TaroEmail, (Taro, "1985-04-12"));
        await BookAsync(MarchTenthNine, HanakoPhone, null, (Hanako, "1990-01-01"));
        Assert.True(await DatabaseContainsAsync(TaroPhone), "the needle must be found while it is kept, or the check proves nothing");
        Assert.True(await DatabaseContainsAsync(TaroEmail), "the confirmation mail in the outbox holds the address until the purge");

        // 3/30 is the 29th day after 3/1: nothing yet.
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 30, 1, 0, 0, TimeSpan.Zero));
        // ... for the booking; its confirmation mail, written on 2/22, is 36 days old and loses its address and text now.
        var early = await PurgeAsync();
        Assert.Equal((0, 1), (early.Counts.Bookings, early.Counts.OutboxMails));
        Assert.True(await DatabaseContainsAsync(TaroPhone));

        // 3/31 03:00, when the daily job runs: 3/1's booking loses both, 3/10's keeps its phone.
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 30, 18, 0, 0, TimeSpan.Zero));
        var purged = await PurgeAsync();

        Assert.Equal(1, purged.Counts.Bookings);
        Assert.Equal(new DateOnly(2027, 3, 2), purged.ContactKeptFrom);
        Assert.False(await DatabaseContainsAsync(TaroPhone), "the phone number is still in the database");
        Assert.False(await DatabaseContainsAsync(TaroEmail), "the e-mail address is still in the database");
        Assert.True(await DatabaseContainsAsync(HanakoPhone));
        await using var db = _database.Open();
        var taro = await db.Bookings.Include(b => b.Cards).SingleAsync(b => b.Start == MarchFirstNine);
        Assert.Equal(("", null, 1, Taro), (taro.Phone, taro.Email, taro.People, taro.Cards.Single().ManagementNumber));
        Assert.Equal(HanakoPhone, (await db.Bookings.SingleAsync(b => b.Start == MarchTenthNine)).Phone);
        // The outbox keeps that the mail was written, not to whom or what it said.
        var mail = await db.Outbox.SingleAsync();
        Assert.Equal((null, "", "", null, 0), (mail.To, mail.TextBody, mail.HtmlBody, mail.Calendar, purged.Counts.OutboxMails));

        // A second run finds nothing left to delete.
        Assert.Equal(0, (await PurgeAsync()).Counts.Bookings);
    }

    [SkippableFact]
    public async Task Expired_holds_give_their_seats_back_and_old_counters_go_while_live_ones_stay()
    {
        // 10:00: Jiro holds 3/1 9:00 (until 10:10); a wrong birth date is typed for Taro; one request is counted.
        Assert.True((await HoldAsync(MarchFirstNine, (Jiro, "2000-02-29"))).Ok);
        await using (var db = _database.Open())
        {
            Assert.Equal("card-not-found", (await new CheckCards(db, _clock, _booking).RunAsync([new CardProof(Taro, "1985-04-13")], forNewBooking: true)).Problem?.Code);
            Assert.True(await new Throttle(db, _clock, _booking).AllowAsync("192.0.2.10"));
            Assert.Null(await new IdempotentRequests(db, _clock, _booking).BeginAsync("bookings|192.0.2.10|retry-1", "hash"));
        }

        // 10:08: Hanako holds the same slot (until 10:18); the City Hall's 2 seats are both held.
        _clock.Advance(TimeSpan.FromMinutes(8));
        Assert.True((await HoldAsync(MarchFirstNine, (Hanako, "1990-01-01"))).Ok);
        Assert.Equal(2, await TakenAsync(MarchFirstNine));
        Assert.Equal(new PurgeCounts(0, 0, 0, 0, 0, 0), (await PurgeAsync()).Counts);

        // 10:16: Jiro's hold ran out 6 minutes ago; the wrong try is older than the 15-minute lock
        // window; the 10:00 request count is older than 10 minutes. The answer is kept for a day.
        _clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(new PurgeCounts(0, 1, 1, 1, 0, 0), (await PurgeAsync()).Counts);
        Assert.Equal(1, await TakenAsync(MarchFirstNine));
        await using (var db = _database.Open())
        {
            Assert.Equal([Hanako], await db.HoldCards.Select(c => c.ManagementNumber).ToListAsync());
            Assert.Equal(0, await db.CardAttempts.CountAsync());
            Assert.Equal(0, await db.ClientCounts.CountAsync());
            Assert.Equal(1, await db.IdempotentAnswers.CountAsync());
        }

        // A day later Hanako's hold has run out too, and the stored answer is no longer needed.
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new PurgeCounts(0, 1, 0, 0, 1, 0), (await PurgeAsync()).Counts);
        Assert.Equal(0, await TakenAsync(MarchFirstNine));
        await using (var db = _database.Open())
        {
            Assert.Equal(0, await db.Holds.CountAsync());
            Assert.Equal(0, await db.HoldCards.CountAsync());
            Assert.Equal(0, await db.IdempotentAnswers.CountAsync());
            if (provider == DatabaseProvider.Postgres)
            {
                // The answers of the day's card checks (ADR 0025) are kept an hour at most: Taro's and the holds' went.
                Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT CAST(count(*) AS integer) AS \"Value\" FROM card_checks").SingleAsync());
            }
        }
    }

    [SkippableFact]
    public async Task A_locked_card_number_keeps_its_lock_until_it_ends()
    {
        // Five wrong birth dates at 10:00 lock Taro's number until 10:15.
        await using (var db = _database.Open())
        {
            for (var i = 0; i < 5; i++)
            {
                await new CheckCards(db, _clock, _booking).RunAsync([new CardProof(Taro, $"1985-04-2{i}")], forNewBooking: true);
            }
        }

        // 10:14: the lock still holds; 10:16: it ended, and the counter goes.
        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, (await PurgeAsync()).Counts.CardAttempts);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await PurgeAsync()).Counts.CardAttempts);
    }

    [SkippableFact]
    public async Task A_destroyed_cards_name_and_address_are_overwritten_after_a_year_and_its_number_status_and_dates_stay()
    {
        await using (var db = _database.Open())
        {
            var id = await db.LedgerEntries.Where(e => e.ManagementNumber == Saburo).Select(e => e.Id).SingleAsync();
            var marked = await new MarkUnclaimed(db, _clock, TestAudit.Trail(_clock)).RunAsync(new UnclaimedMarking([id], CardStatus.Destroyed, "交付通知から1年を過ぎたため"), staffId: 7);
            Assert.Equal(MarkingStatus.Marked, marked.Status);
        }

        Assert.True(await DatabaseContainsAsync("廃棄　三郎"));

        // 365 days after the card was destroyed it is still whole; a day more and it is not.
        _clock.Advance(TimeSpan.FromDays(365));
        Assert.Equal(0, (await PurgeAsync()).Counts.DestroyedCards);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await PurgeAsync()).Counts.DestroyedCards);

        Assert.False(await DatabaseContainsAsync("廃棄　三郎"), "the name is still in the database");
        Assert.False(await DatabaseContainsAsync("廃棄台三丁目"), "the address is still in the database");
        await using var after = _database.Open();
        var entry = await after.LedgerEntries.SingleAsync(e => e.ManagementNumber == Saburo);
        Assert.Equal(
            ("（削除済）", "（削除済）", CardStatus.Destroyed, new DateOnly(1970, 7, 7), CardSecret.Development.Digest(Saburo, new DateOnly(1970, 7, 7))),
            (entry.Name, entry.Address, entry.Status, entry.BirthDate, entry.BirthDigest));
        // Cards that were not destroyed are untouched.
        Assert.Equal("上田　太郎", await after.LedgerEntries.Where(e => e.ManagementNumber == Taro).Select(e => e.Name).SingleAsync());
        Assert.Equal(0, (await PurgeAsync()).Counts.DestroyedCards);
    }

    [SkippableFact]
    public async Task A_city_that_keeps_whole_entries_keeps_a_destroyed_cards_name()
    {
        await using (var db = _database.Open())
        {
            await db.LedgerEntries.Where(e => e.ManagementNumber == Saburo)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, CardStatus.Destroyed).SetProperty(e => e.StatusChangedAt, _clock.GetUtcNow()));
        }

        _clock.Advance(TimeSpan.FromDays(3650));
        var result = await PurgeAsync(new RetentionSettings { DestroyedKeep = DestroyedEntryKeep.All });

        Assert.Equal((0, null), (result.Counts.DestroyedCards, result.DestroyedBefore));
        await using var db2 = _database.Open();
        Assert.Equal("廃棄　三郎", await db2.LedgerEntries.Where(e => e.ManagementNumber == Saburo).Select(e => e.Name).SingleAsync());
    }

    [SkippableFact]
    public async Task A_dry_run_counts_what_would_go_deletes_nothing_and_writes_no_audit_entry_and_the_purge_writes_one_entry_with_counts()
    {
        await BookAsync(MarchFirstNine, TaroPhone, TaroEmail, (Taro, "1985-04-12"));
        Assert.True((await HoldAsync(MarchTenthNine, (Jiro, "2000-02-29"))).Ok);
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 30, 18, 0, 0, TimeSpan.Zero));

        var dry = await PurgeAsync(dryRun: true);

        Assert.Equal((true, null), (dry.DryRun, dry.AuditEntryId));
        // The confirmation mail to Taro's address is the seventh count.
        Assert.Equal(new PurgeCounts(1, 1, 0, 0, 0, 0, 1), dry.Counts);
        await using (var db = _database.Open())
        {
            Assert.Equal(TaroPhone, (await db.Bookings.SingleAsync()).Phone);
            Assert.Equal(1, await db.Holds.CountAsync());
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == "purge"));
        }

        var purged = await PurgeAsync(login: "tanaka");

        Assert.Equal(dry.Counts, purged.Counts);
        await using var after = _database.Open();
        // The cards' import wrote the entry before it.
        var entry = await after.AuditEntries.SingleAsync(e => e.Action == "purge");
        Assert.Equal(purged.AuditEntryId, entry.Id);
        Assert.Equal(
            ("purge", "ok", "bookings:1,holds:1,card_attempts:0,client_counts:0,idempotent_answers:0,destroyed_cards:0,outbox_mails:1", "tanaka", "test"),
            (entry.Action, entry.Outcome, entry.Records, entry.StaffLogin, entry.UserAgent));
        Assert.Equal(AuditLog.SealOf(entry, entry.PreviousHash, _keys.Current), entry.Hash);
    }

    private async Task<PurgeResult> PurgeAsync(RetentionSettings? retention = null, bool dryRun = false, string? login = null)
    {
        await using var db = _database.Open();
        return await new PurgeOldData(db, _clock, retention ?? new RetentionSettings(), _booking, new AuditTrail(_clock, _keys, () => new AuditActor(null, login, null, null, "test"))).RunAsync(dryRun);
    }

    private async Task BookAsync(DateTimeOffset start, string phone, string? email, params (string Number, string Birth)[] cards)
    {
        await using var db = _database.Open();
        var made = await new ConfirmBooking(db, _clock, _booking, new Madoguchi.Notices.NoticeSettings()).RunAsync(
            new ConfirmRequest(null, _honcho, start, cards.Select(c => new CardProof(c.Number, c.Birth)).ToList(), phone, email, "web"));
        Assert.True(made.Ok, made.Problem?.Detail);
    }

    private async Task<Outcome<HeldSeats>> HoldAsync(DateTimeOffset start, params (string Number, string Birth)[] cards)
    {
        await using var db = _database.Open();
        return await new HoldSeats(db, _clock, _booking).RunAsync(new HoldRequest(_honcho, start, cards.Select(c => new CardProof(c.Number, c.Birth)).ToList()));
    }

    private async Task<int> TakenAsync(DateTimeOffset start)
    {
        await using var db = _database.Open();
        return await db.Slots.Where(s => s.PlaceId == _honcho && s.Start == start).Select(s => s.Taken).SingleAsync();
    }

    /// <summary>
    /// Looks for a value where the database keeps it, down to any 8 bytes of it in the SQLite file
    /// (a deleted cell's space is partly reused, so a leftover may be cut short).
    /// </summary>
    private Task<bool> DatabaseContainsAsync(string value) =>
        _database.ContainsAsync(value, ["bookings", "booked_cards", "booking_tombstones", "ledger_entries", "idempotent_answers", "audit_entries"], piece: 8);
}

public sealed class PurgeOldDataOnSqlite() : PurgeOldDataTests(DatabaseProvider.Sqlite);

public sealed class PurgeOldDataOnPostgres() : PurgeOldDataTests(DatabaseProvider.Postgres);
