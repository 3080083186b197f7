using Madoguchi.Booking;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Unclaimed;

namespace Madoguchi.Tests.Ledger.Unclaimed;

/// <summary>
/// Cards nobody came for: the 再通知 and 廃棄 lists by age, and marking cards destroyed in bulk.
/// Today is Monday 2027-02-22 (10:00 in Ueda). Arrival days sit either side of the 3- and
/// 12-month lines: 2026-11-22 is exactly three months ago (not more), 2026-11-21 is more;
/// 2026-02-22 is exactly a year ago (still the 再通知 list), 2026-02-21 is more than a year.
/// </summary>
public abstract class UnclaimedWorkTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Birth = "1985-04-12";
    private const int Staff = 7;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(provider);
        await using var db = _database.Open();
        await ImportAsync(
            ("A00-000001", "2027-01-10"),
            ("A00-000002", "2026-11-22"),
            ("A00-000003", "2026-11-21"),
            ("A00-000004", "2026-02-22"),
            ("A00-000005", "2026-02-21"),
            ("A00-000006", "2025-01-06"),
            ("A00-000007", "2024-12-02"));
        // An old card that was handed over is on no list.
        await db.LedgerEntries.Where(e => e.ManagementNumber == "A00-000007").ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, CardStatus.Issued));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task Cards_are_listed_by_how_long_they_have_waited()
    {
        await using var db = _database.Open();
        var cards = new UnclaimedCards(db, _clock, TestAudit.Trail(_clock));

        var (reminder, destroy) = await cards.ShowAsync(UnclaimedAges.Default);

        // Oldest first.
        Assert.Equal(["A00-000004", "A00-000003"], reminder.Cards.Select(c => c.ManagementNumber));
        Assert.Equal(["A00-000006", "A00-000005"], destroy.Cards.Select(c => c.ManagementNumber));
        Assert.Equal((2, 2), (reminder.Total, destroy.Total));
        // 11/21 to 2/22 is 30 + 31 + 31 + 1 days; 2026-02-21 to 2027-02-22 is 365 + 1.
        Assert.Equal(93, reminder.Cards[1].DaysWaiting);
        Assert.Equal(366, destroy.Cards[1].DaysWaiting);
        var card = destroy.Cards[1];
        Assert.Equal(("試験　4子", new DateOnly(1985, 4, 12), "長野県上田市大手一丁目4番", new DateOnly(2026, 2, 21)), (card.Name, card.BirthDate, card.Address, card.ArrivedOn));
    }

    [SkippableFact]
    public async Task Other_ages_may_be_chosen_and_the_csv_holds_the_whole_list()
    {
        await using var db = _database.Open();
        var cards = new UnclaimedCards(db, _clock, TestAudit.Trail(_clock));
        var ages = new UnclaimedAges(1, 24);

        var reminder = (await cards.ShowAsync(ages, limit: 1)).Reminder;
        await using var csv = new StringWriter();
        var rows = await cards.WriteCsvAsync(UnclaimedList.Reminder, ages, csv);

        // More than a month and at most two years: from 2027-01-10 (43 days) back to 2026-02-21;
        // 2025-01-06 is more than two years ago and belongs to the 廃棄 list.
        Assert.Equal(5, reminder.Total);
        Assert.Equal(["A00-000005"], reminder.Cards.Select(c => c.ManagementNumber));
        Assert.Equal(5, rows);
        var lines = csv.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(UnclaimedCsv.Header, lines[0]);
        Assert.Equal("A00-000005,試験　4子,1985-04-12,長野県上田市大手一丁目4番,2026-02-21,366", lines[1]);
        Assert.Equal("A00-000001,試験　0子,1985-04-12,長野県上田市大手一丁目0番,2027-01-10,43", lines[^1]);
    }

    [SkippableFact]
    public async Task Destroying_in_bulk_records_each_change_and_gives_up_the_cards_bookings()
    {
        var (alone, family) = await BookTwoAsync();

        // A00-000007 was issued: it is left as it is and named.
        var ids = await IdsAsync("A00-000005", "A00-000006", "A00-000007");
        _clock.Advance(TimeSpan.FromMinutes(3));
        await using var db = _database.Open();
        var result = await new MarkUnclaimed(db, _clock, TestAudit.Trail(_clock)).RunAsync(new UnclaimedMarking(ids, CardStatus.Destroyed, " 交付通知から1年経過 "), Staff);

        Assert.Equal(MarkingStatus.Marked, result.Status);
        Assert.Equal(["A00-000005", "A00-000006"], result.Marked);
        Assert.Equal(["A00-000007"], result.Skipped);
        Assert.Equal(1, result.BookingsCancelled);
        var now = _clock.GetUtcNow();
        var entries = await db.LedgerEntries.Where(e => ids.Contains(e.Id)).OrderBy(e => e.ManagementNumber).ToListAsync();
        Assert.Equal([CardStatus.Destroyed, CardStatus.Destroyed, CardStatus.Issued], entries.Select(e => e.Status));
        Assert.Equal(now, entries[0].StatusChangedAt);
        var changes = await db.LedgerStatusChanges.OrderBy(c => c.EntryId).ToListAsync();
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal((CardStatus.Ready, CardStatus.Destroyed, "交付通知から1年経過", Staff, now), (c.From, c.To, c.Reason, c.StaffId, c.ChangedAt)));

        // The card booked alone: its booking is gone with the phone number, and its seat is back.
        Assert.False(await db.Bookings.AnyAsync(b => b.Code == alone));
        Assert.False(await db.BookedCards.AnyAsync(c => c.ManagementNumber == "A00-000005" && c.Active));
        // The family keeps its booking for the other card, one seat smaller.
        var kept = await db.Bookings.Include(b => b.Cards).SingleAsync(b => b.Code == family);
        Assert.Equal(1, kept.People);
        Assert.Equal(["A00-000003"], kept.Cards.Where(c => c.Active).Select(c => c.ManagementNumber));
        Assert.Equal([0, 1], await db.Slots.OrderBy(s => s.Start).Select(s => s.Taken).ToListAsync());
        var tombstones = await db.BookingTombstones.OrderBy(t => t.Start).ToListAsync();
        Assert.Equal([("destroyed", 1), ("destroyed", 1)], tombstones.Select(t => (t.CancelledBy, t.People)));
    }

    [SkippableFact]
    public async Task Nothing_changes_without_a_choice_of_cards_status_and_reason()
    {
        await using var db = _database.Open();
        var mark = new MarkUnclaimed(db, _clock, TestAudit.Trail(_clock));
        var ids = await IdsAsync("A00-000005");

        var noCards = await mark.RunAsync(new UnclaimedMarking([], CardStatus.Destroyed, "1年経過"), Staff);
        var noReason = await mark.RunAsync(new UnclaimedMarking(ids, CardStatus.Withdrawn, "  "), Staff);
        var issued = await mark.RunAsync(new UnclaimedMarking(ids, CardStatus.Issued, "1年経過"), Staff);

        Assert.Equal(["EntryIds"], noCards.Errors.Keys);
        Assert.Equal(["Reason"], noReason.Errors.Keys);
        Assert.Equal(["To"], issued.Errors.Keys);
        Assert.False(await db.LedgerStatusChanges.AnyAsync());
        Assert.Equal(CardStatus.Ready, (await db.LedgerEntries.SingleAsync(e => e.ManagementNumber == "A00-000005")).Status);
    }

    /// <summary>Card 5 booked alone at 9:00 and card 6 with card 3 (a family) at 9:15, on Monday 3/1 at City Hall.</summary>
    private async Task<(string Alone, string Family)> BookTwoAsync()
    {
        await using var db = _database.Open();
        var confirm = new ConfirmBooking(db, _clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings());
        var nine = new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));
        var alone = await confirm.RunAsync(new ConfirmRequest(null, 1, nine, [new CardProof("A00-000005", Birth)], "090-1234-5678", null, "web"));
        var family = await confirm.RunAsync(new ConfirmRequest(null, 1, nine.AddMinutes(15), [new CardProof("A00-000006", Birth), new CardProof("A00-000003", Birth)], "090-8765-4321", null, "web"));
        Assert.Null(alone.Problem);
        Assert.Null(family.Problem);
        return (alone.Value!.Code, family.Value!.Code);
    }

    private async Task<List<long>> IdsAsync(params string[] numbers)
    {
        await using var db = _database.Open();
        return await db.LedgerEntries.Where(e => numbers.Contains(e.ManagementNumber)).OrderBy(e => e.ManagementNumber).Select(e => e.Id).ToListAsync();
    }

    private async Task ImportAsync(params (string Number, string Arrived)[] cards)
    {
        await using var db = _database.Open();
        var summary = await TestLedger.ImportAsync(
            db, _clock, TestLedger.Columns + ",申請区分,到着日", cards.Select((c, i) => $"{c.Number},試験　{i}子,{Birth},女,長野県上田市大手一丁目{i}番,新規,{c.Arrived}"));
        Assert.Equal(cards.Length, summary.Imported);
    }
}

public sealed class UnclaimedWorkOnSqlite() : UnclaimedWorkTests(DatabaseProvider.Sqlite);

public sealed class UnclaimedWorkOnPostgres() : UnclaimedWorkTests(DatabaseProvider.Postgres);
