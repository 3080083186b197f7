using System.Reflection;

using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Demo;
using Madoguchi.Ledger;
using Madoguchi.Notices;
using Madoguchi.Retention;
using Madoguchi.Staff;
using Madoguchi.Tests.Calendar.Office;

using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Audit;

/// <summary>
/// Every feature of Madoguchi.Core (a class built on the database) is in exactly one list: it writes
/// its own audit entry, whoever calls it; or it neither reveals nor changes personal data, staff
/// accounts, the ledger or the calendar in the office's name. A new
/// feature in none of them fails the scan, so the lists keep their meaning as the code grows. Each
/// feature that audits itself is called here on a real SQLite file, outside any page, and must leave
/// at least one new entry. The clock stands on Monday 2027-02-01, before a Wednesday that is no holiday.
/// </summary>
public sealed class FeaturesAuditThemselvesTests : IAsyncLifetime
{
    private static readonly Dictionary<Type, Func<FeaturesAuditThemselvesTests, Task>> AuditsItself = new()
    {
        [typeof(ImportLedgerFile)] = t => t.ImportAsync(dryRun: false),
        [typeof(ImportHolidays)] = async t =>
        {
            await using var db = t._database.Open();
            await new ImportHolidays(db, t.Trail).RunAsync(new MemoryStream(ImportHolidaysTests.File2027WithJuneFirst()));
        },
        [typeof(CloseDay)] = async t =>
        {
            await using var db = t._database.Open();
            await new CloseDay(db, t._clock, new NoticeSettings(), t.Trail).AddAsync(new ClosureRequest("", "2027-02-03", null, null, "庁舎の停電点検"));
        },
        [typeof(ChangePlace)] = async t =>
        {
            await using var db = t._database.Open();
            var place = await db.Places.AsNoTracking().OrderBy(p => p.Id).FirstAsync();
            await new ChangePlace(db, t._clock, t.Trail).RunAsync(place.Id, PlaceSettings.Of(place));
        },
        [typeof(PurgeOldData)] = async t =>
        {
            await using var db = t._database.Open();
            await new PurgeOldData(db, t._clock, new RetentionSettings(), new BookingSettings(), t.Trail).RunAsync(dryRun: false);
        },
        [typeof(AddStaff)] = t => t.InScopeAsync(s => s.GetRequiredService<AddStaff>().RunAsync("arch-suzuki", "鈴木 一", "clerk", null)),
        [typeof(ChangeStaff)] = async t =>
        {
            await t.InScopeAsync(s => s.GetRequiredService<AddStaff>().RunAsync("arch-suzuki", "鈴木 一", "clerk", null));
            var before = await t.LastEntryAsync();
            await using (var db = t._database.Open())
            {
                var id = await db.StaffAccounts.Where(a => a.UserName == "arch-suzuki").Select(a => a.Id).SingleAsync();
                await t.InScopeAsync(s => s.GetRequiredService<ChangeStaff>().RunAsync(id, actingId: 0, "supervisor", null, stopped: false));
            }

            Assert.True(await t.LastEntryAsync() > before, "the change, not only the account's creation, is recorded");
        },
        // The counter's actions on a booking, card or issue that is not there: the refusal is recorded too.
        [typeof(Madoguchi.Counter.CheckIn)] = async t =>
        {
            await using var db = t._database.Open();
            await new Madoguchi.Counter.CheckIn(db, t._clock, t.Trail).RunAsync(1, 1, ["honcho"]);
        },
        [typeof(Madoguchi.Counter.IssueCard)] = async t =>
        {
            await using var db = t._database.Open();
            await new Madoguchi.Counter.IssueCard(db, t._clock, t.Trail).WalkInAsync(new Madoguchi.Counter.WalkInRequest(null, "A7R-552211", "honcho", 1, Confirmed: true), 0, ["honcho"]);
        },
        [typeof(Madoguchi.Counter.MarkNoShow)] = async t =>
        {
            await using var db = t._database.Open();
            await new Madoguchi.Counter.MarkNoShow(db, t._clock, t.Trail).RunAsync(1, ["honcho"]);
        },
        [typeof(Madoguchi.Counter.CorrectIssue)] = async t =>
        {
            await using var db = t._database.Open();
            await new Madoguchi.Counter.CorrectIssue(db, t._clock, t.Trail).RunAsync(1, "別の方のカードを交付済みにしたため", 0, ["honcho"]);
        },
        [typeof(Madoguchi.Counter.Closures.MarkCall)] = async t =>
        {
            await using var db = t._database.Open();
            await new Madoguchi.Counter.Closures.MarkCall(db, t._clock, new NoticeSettings(), t.Trail).RunAsync(new Madoguchi.Counter.Closures.CallMark(1, 1, CallStatus.Called, null), 0, null);
        },

        // A card nothing has locked: the unlock is recorded as refused (the page records the list, card.locks.view).
        [typeof(Madoguchi.Booking.Phone.CardLocks)] = async t =>
        {
            await using var db = t._database.Open();
            await new Madoguchi.Booking.Phone.CardLocks(db, t._clock, t.Trail).UnlockAsync("A7R-552211");
        },
        [typeof(ResetTrainingData)] = t => t.InScopeAsync(s => s.GetRequiredService<ResetTrainingData>().RunAsync(null)),
        [typeof(SeedDemoData)] = t => t.InScopeAsync(s => s.GetRequiredService<SeedDemoData>().RunAsync()),
        [typeof(Madoguchi.Booking.Phone.CancelByPhone)] = async t =>
        {
            // The demo's bookings are real ones to cancel; the seeding's own entries come before the one looked for.
            var id = await t.DemoBookingAsync();
            var before = await t.LastEntryAsync();
            await using var db = t._database.Open();
            var cancelled = await new Madoguchi.Booking.Phone.CancelByPhone(db, t._clock, new NoticeSettings(), t.Trail).RunAsync(id, "本人から電話", 1, _ => true);
            Assert.True(cancelled.Ok, cancelled.Problem?.Detail);
            Assert.True(await t.LastEntryAsync() > before, "the cancel, not only the seeding, is recorded");
        },
        [typeof(Madoguchi.Booking.Phone.ChangeBookingTime)] = async t =>
        {
            var id = await t.DemoBookingAsync();
            var before = await t.LastEntryAsync();
            await using var db = t._database.Open();
            var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id);
            var place = await db.Places.AsNoTracking().SingleAsync(p => p.Id == booking.PlaceId);
            var (first, last) = new BookingSettings().Window(t._clock.Now());
            var free = (await new SlotAvailability(db, t._clock, new BookingSettings()).SlotsAsync(place, first, last))
                .First(s => s.Remaining >= booking.People && s.Start != booking.Start.ToCityTime());
            var moved = await new Madoguchi.Booking.Phone.ChangeBookingTime(db, t._clock, new BookingSettings(), new NoticeSettings(), t.Trail).RunAsync(id, place.Id, free.Start, _ => true);
            Assert.True(moved.Ok, moved.Problem?.Detail);
            Assert.True(await t.LastEntryAsync() > before, "the move, not only the seeding, is recorded");
        },
        [typeof(Madoguchi.Ledger.Unclaimed.MarkUnclaimed)] = async t =>
        {
            await t.ImportAsync(dryRun: false);
            var before = await t.LastEntryAsync();
            await using var db = t._database.Open();
            var entry = await db.LedgerEntries.AsNoTracking().Where(e => e.Status == CardStatus.Ready).Select(e => e.Id).FirstAsync();
            var marked = await new Madoguchi.Ledger.Unclaimed.MarkUnclaimed(db, t._clock, t.Trail).RunAsync(new Madoguchi.Ledger.Unclaimed.UnclaimedMarking([entry], CardStatus.Destroyed, "交付通知から1年を過ぎたため"), 1);
            Assert.Single(marked.Marked);
            Assert.True(await t.LastEntryAsync() > before, "the marking, not only the import, is recorded");
        },
        [typeof(Madoguchi.Counter.Closures.MoveClosureBookings)] = async t =>
        {
            // A move with no target day is refused, and the refusal is recorded by the feature itself.
            await using var db = t._database.Open();
            await new CloseDay(db, t._clock, new NoticeSettings(), t.Trail).AddAsync(new ClosureRequest("", "2027-02-03", null, null, "庁舎の停電点検"));
            var closedDayId = await db.ClosedDays.AsNoTracking().OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync();
            var before = await t.LastEntryAsync();
            var result = await new Madoguchi.Counter.Closures.MoveClosureBookings(db, t._clock, new BookingSettings(), new NoticeSettings(), t.Trail).RunAsync(new Madoguchi.Counter.Closures.MoveRequest(closedDayId, "", null), 1, null);
            Assert.Equal(Madoguchi.Counter.Closures.MoveStatus.Invalid, result.Status);
            Assert.True(await t.LastEntryAsync() > before, "the refused move is recorded");
        },
        // Reading features: each look at personal data is recorded by the feature that reads it.
        [typeof(Madoguchi.Counter.OpenBooking)] = async t =>
        {
            await using var db = t._database.Open();
            await new Madoguchi.Counter.OpenBooking(db, t.Trail).RunAsync(1, ["honcho"]);
        },
        [typeof(Madoguchi.Counter.FindAtCounter)] = async t =>
        {
            await using var db = t._database.Open();
            await new Madoguchi.Counter.FindAtCounter(db, t._clock, t.Trail).RunAsync("A7R-552211", ["honcho"]);
        },
        [typeof(Madoguchi.Counter.DayList)] = async t =>
        {
            await using var db = t._database.Open();
            var sheet = await new Madoguchi.Counter.DayList(db, t.Trail).RunAsync("honcho", new DateOnly(2027, 2, 3), null, ["honcho"]);
            Assert.True(sheet.Problem is null, sheet.Problem?.Detail);
        },
        [typeof(Madoguchi.Counter.Closures.ClosureCallList)] = async t =>
        {
            await using var db = t._database.Open();
            await new CloseDay(db, t._clock, new NoticeSettings(), t.Trail).AddAsync(new ClosureRequest("", "2027-02-03", null, null, "庁舎の停電点検"));
            var closedDayId = await db.ClosedDays.AsNoTracking().OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync();
            var before = await t.LastEntryAsync();
            Assert.NotNull(await new Madoguchi.Counter.Closures.ClosureCallList(db, t._clock, t.Trail).OpenAsync(closedDayId, null, Madoguchi.Counter.Closures.CallListUse.Print));
            Assert.True(await t.LastEntryAsync() > before, "the print, not only the closure, is recorded");
        },
        [typeof(Madoguchi.Booking.Phone.FindBookings)] = async t =>
        {
            await using var db = t._database.Open();
            var found = await new Madoguchi.Booking.Phone.FindBookings(db, t.Trail).RunAsync(new Madoguchi.Booking.Phone.BookingSearch(null, "A7R-552211", null, null), _ => true);
            Assert.True(found.Searched);
        },
        [typeof(Madoguchi.Booking.Phone.BookByPhone)] = async t =>
        {
            // No place chosen: refused before any card is checked, and recorded as refused.
            await using var db = t._database.Open();
            var confirm = new ConfirmBooking(db, t._clock, new BookingSettings(), new NoticeSettings());
            var made = await new Madoguchi.Booking.Phone.BookByPhone(db, confirm, t.Trail).RunAsync(null, null, [], null, null, "phone");
            Assert.NotNull(made.Problem);
        },
        [typeof(Madoguchi.Ledger.Unclaimed.UnclaimedCards)] = async t =>
        {
            await t.ImportAsync(dryRun: false);
            var before = await t.LastEntryAsync();
            await using var db = t._database.Open();
            await new Madoguchi.Ledger.Unclaimed.UnclaimedCards(db, t._clock, t.Trail).ShowAsync(Madoguchi.Ledger.Unclaimed.UnclaimedAges.Default);
            Assert.True(await t.LastEntryAsync() > before, "the lists shown, not only the import, are recorded");
        },
        [typeof(SearchLedger)] = async t =>
        {
            await using var db = t._database.Open();
            await new SearchLedger(db, t.Trail).RunAsync(new LedgerQuery("A7R-552211", null, null));
        },
        [typeof(ReadLedger)] = async t =>
        {
            await t.ImportAsync(dryRun: false);
            var before = await t.LastEntryAsync();
            await using var db = t._database.Open();
            var entry = await db.LedgerEntries.AsNoTracking().Select(e => e.Id).FirstAsync();
            Assert.NotNull(await new ReadLedger(db, t.Trail).EntryAsync(entry));
            Assert.True(await t.LastEntryAsync() > before, "the look at the entry, not only the import, is recorded");
        },
        [typeof(Madoguchi.Statistics.ExportStatistics)] = async t =>
        {
            await using var db = t._database.Open();
            await new Madoguchi.Statistics.ExportStatistics(db, t._clock, t.Trail).ForecastAsync(4, "xlsx");
        },
        [typeof(RekeyCards)] = async t =>
        {
            // A digest under another key (an old unkeyed one) is written again, and the batch recorded.
            await t.ImportAsync(dryRun: false);
            await using var db = t._database.Open();
            await db.LedgerEntries.ExecuteUpdateAsync(s => s.SetProperty(e => e.BirthDigest, "old"));
            var before = await t.LastEntryAsync();
            Assert.Equal(1, await new RekeyCards(db, t.Trail).RunAsync());
            Assert.True(await t.LastEntryAsync() > before, "the re-keying, not only the import, is recorded");
        },
        [typeof(SearchAuditLog)] = async t =>
        {
            await using var db = t._database.Open();
            var search = new SearchAuditLog(db, t.Trail);
            var all = SearchAuditLog.Read(new AuditQuery(null, null, null, null, null));
            await search.PageAsync(all, 1);
            var before = await t.LastEntryAsync();
            await search.WriteCsvAsync(all, new StringWriter());
            Assert.True(await t.LastEntryAsync() > before, "the CSV, not only the search, is recorded");
            before = await t.LastEntryAsync();
            Assert.NotNull(await search.XlsxAsync(all));
            Assert.True(await t.LastEntryAsync() > before, "the workbook is recorded");
        },
        [typeof(SummarizeAuditLog)] = async t =>
        {
            await using var db = t._database.Open();
            await new SummarizeAuditLog(db, t.Trail).RunAsync(new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 1), SummarizeAuditLog.DefaultThreshold);
        },
        [typeof(AuditChainReview)] = async t =>
        {
            await using var db = t._database.Open();
            var review = new AuditChainReview(db, TestAudit.Keys, t.Trail);
            await review.VerifyAsync();
            var before = await t.LastEntryAsync();
            await review.ExportCheckpointsAsync(new StringWriter());
            Assert.True(await t.LastEntryAsync() > before, "the checkpoint file, not only the verification, is recorded");
        },
        [typeof(StaffAccountList)] = async t =>
        {
            await using var db = t._database.Open();
            var list = new StaffAccountList(db, t.Trail);
            await list.ViewAsync();
            var before = await t.LastEntryAsync();
            await list.ExportAsync("xlsx");
            Assert.True(await t.LastEntryAsync() > before, "the file, not only the list, is recorded");
        },

        // A mail that is not there, asked for by a branch centre's clerk: the refused resend is recorded
        // (the list shows no address or text, and a mail not found is not opened, so neither is recorded).
        [typeof(OfficeOutbox)] = async t =>
        {
            await using var db = t._database.Open();
            var outbox = new OfficeOutbox(db, t._clock, t.Trail);
            Assert.Empty((await outbox.ListAsync("failed", ["maruko"])).Mails);
            Assert.Equal(ResendAnswer.NotYours, await outbox.ResendAsync(1, ["maruko"]));
        },
    };

    /// <summary>Features that neither reveal nor change personal data, accounts, the ledger or the calendar in the office's name.</summary>
    private static readonly Dictionary<Type, string> NeitherRevealsNorChanges = new()
    {
        [typeof(AuditLog)] = "the audit log itself",
        [typeof(VerifyAuditLog)] = "reads the chain's hashes; the office's AuditChainReview records audit.verify, `audit verify` on the command line may use a key file of its own and writes nothing",
        [typeof(WriteAuditCheckpoint)] = "writes a day's last hash",
        [typeof(DailyAuditCheckpoint)] = "the daily checkpoint job",
        [typeof(ExportCheckpoints)] = "hashes only; the office's AuditChainReview records export.audit.checkpoints",
        [typeof(Throttle)] = "request counts per address",
        [typeof(IdempotentRequests)] = "stored answers to repeated requests",
        [typeof(SlotAvailability)] = "free seats",
        [typeof(Seats)] = "seat counts, inside other features' transactions",
        [typeof(CardCheckRules)] = "the card check's settings and key id",
        [typeof(CitizenNotices)] = "adds mails inside the transaction of the feature that sends them",
        [typeof(DeliverOutbox)] = "the mail worker sends what features queued",
        [typeof(QueueReminders)] = "the reminder job queues mails for bookings",
        [typeof(Madoguchi.Statistics.CounterStatistics)] = "counts only",
        [typeof(Madoguchi.Statistics.WaitingCards)] = "counts only",
        [typeof(Madoguchi.Statistics.WeeksAhead)] = "counts only",
        [typeof(SeedDemoBookings)] = "demo bookings, called by SeedDemoData and ResetTrainingData, which audit; its check-ins, issues and no-shows audit themselves",
        [typeof(CheckCards)] = "the citizen's own booking on the public side: the public role may not write the audit log (ADR 0010, 0011)",
        [typeof(HoldSeats)] = "the citizen's own booking on the public side (ADR 0010, 0011)",
        [typeof(ConfirmBooking)] = "the citizen's own booking on the public side (ADR 0010, 0011)",
        [typeof(CancelBooking)] = "the citizen's own cancel on the public side (ADR 0010, 0011)",
        [typeof(LookUpBooking)] = "the citizen's own booking on the public side (ADR 0010, 0011)",
        [typeof(BookingByCode)] = "the citizen's own booking on the public side (ADR 0010, 0011)",
        [typeof(ReadBooking)] = "the citizen's own booking on the public side (ADR 0010, 0011)",
    };

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;

    private AuditTrail Trail => TestAudit.Trail(_clock);

    public static TheoryData<string> Audited => [.. AuditsItself.Keys.Select(t => t.Name)];

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = _database.Open();
        await PlaceSetup.SeedAsync(db, UedaPlaces.All);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Theory]
    [MemberData(nameof(Audited))]
    public async Task A_feature_that_audits_itself_leaves_an_entry_when_called_outside_any_page(string feature)
    {
        var before = await LastEntryAsync();

        await AuditsItself.Single(f => f.Key.Name == feature).Value(this);

        await using var db = _database.Open();
        var written = await db.AuditEntries.AsNoTracking().Where(e => e.Id > before).ToListAsync();
        Assert.NotEmpty(written);
        Assert.All(written, e => Assert.Equal((TestAudit.Actor.Login, TestAudit.Actor.UserAgent), (e.StaffLogin, e.UserAgent)));
    }

    [Fact]
    public async Task A_dry_run_import_is_recorded_as_a_preview_and_a_refused_file_as_refused()
    {
        await ImportAsync(dryRun: true);
        await using (var db = _database.Open())
        {
            await Assert.ThrowsAsync<LedgerFileRejectedException>(() =>
                new ImportLedgerFile(db, _clock, Trail).RunAsync(new MemoryStream([]), "empty.csv", new LedgerImportOptions("test")));
        }

        await using var read = _database.Open();
        Assert.Equal(
            [("ledger.import.preview", AuditOutcome.Ok), ("ledger.import", AuditOutcome.Refused)],
            (await read.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync()).Select(e => (e.Action, e.Outcome)));
    }

    [Fact]
    public void Every_feature_of_the_core_is_listed_as_auditing_itself_or_neither_revealing_nor_changing()
    {
        var features = typeof(MadoguchiDb).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.IsPublic && !typeof(DbContext).IsAssignableFrom(t))
            .Where(t => t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(MadoguchiDb))))
            .ToList();
        var listed = AuditsItself.Keys.Concat(NeitherRevealsNorChanges.Keys).ToList();

        Assert.Empty(features.Except(listed).Select(t => t.FullName));
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Empty(listed.Except(features).Select(t => t.FullName));
    }

    [Fact]
    public void A_feature_that_audits_itself_takes_the_trail_so_no_caller_can_leave_it_out()
    {
        Assert.All(AuditsItself.Keys, t => Assert.All(
            t.GetConstructors(BindingFlags.Public | BindingFlags.Instance),
            c => Assert.Contains(c.GetParameters(), p => p.ParameterType == typeof(AuditTrail))));
    }

    private async Task ImportAsync(bool dryRun)
    {
        const string Csv = "管理番号,氏名,生年月日,性別,住所\r\nA7R-552211,試験　一子,1990-01-02,女,長野県上田市大手一丁目1番\r\n";
        await using var db = _database.Open();
        await new ImportLedgerFile(db, _clock, Trail).RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(Csv)), "cards.csv", new LedgerImportOptions("test", dryRun));
    }

    /// <summary>A booking still to come, made by the demo's seeding (which audits itself).</summary>
    private async Task<long> DemoBookingAsync()
    {
        await InScopeAsync(s => s.GetRequiredService<SeedDemoData>().RunAsync());
        await using var db = _database.Open();
        var (first, _) = new BookingSettings().Window(_clock.Now());
        var from = SlotSchedule.At(first, TimeOnly.MinValue);
        return await db.Bookings.AsNoTracking().Where(b => b.Status == BookingStatus.Booked && b.Start >= from).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
    }

    private async Task<long> LastEntryAsync()
    {
        await using var db = _database.Open();
        return await db.AuditEntries.MaxAsync(e => (long?)e.Id) ?? 0;
    }

    private async Task InScopeAsync(Func<IServiceProvider, Task> work)
    {
        var services = new ServiceCollection().AddLogging().AddMadoguchiDatabase(_database.Settings);
        services.AddDataProtection();
        services.AddMadoguchiStaffIdentity();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton(Trail);
        services.AddSingleton(new BookingSettings());
        services.AddSingleton(new NoticeSettings());
        services.AddScoped<AddStaff>();
        services.AddScoped<ChangeStaff>();
        services.AddScoped<SeedDemoData>();
        services.AddScoped<ResetTrainingData>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }
}
