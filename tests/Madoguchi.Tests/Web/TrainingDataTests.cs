using Madoguchi.Booking;
using Madoguchi.Demo;
using Madoguchi.Ledger;
using Madoguchi.Staff;
using Madoguchi.Statistics;

namespace Madoguchi.Tests.Web;

/// <summary>
/// Training mode's bookings (today's and the coming days') and 練習データを作り直す. The clock stands on
/// Wednesday 2027-02-24 at 11:05 in Japan: City Hall's morning times are over, its afternoon ones to come.
/// </summary>
public sealed class TrainingDataTests
{
    private static readonly DateOnly Wednesday = new(2027, 2, 24);

    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2027, 2, 24, 11, 5, 0, TimeSpan.FromHours(9)));

    [Fact]
    public async Task Demo_mode_seeds_todays_bookings_in_every_state_and_every_record_agrees()
    {
        await using var app = await MadoguchiApp.StartAsync(demo: true, clock: Clock());
        await using var db = app.Database.Open();
        var today = await TodayAsync(db);

        Assert.Equal(2, today.Count(b => b.Status == BookingStatus.Issued));
        Assert.Single(today, b => b.Status == BookingStatus.CheckedIn);
        Assert.Single(today, b => b.Status == BookingStatus.NoShow);
        Assert.True(today.Count(b => b.Status == BookingStatus.Booked) >= 4);
        Assert.Contains(today, b => b.People == 2 && b.Status == BookingStatus.Booked);
        Assert.Contains(today, b => b.Channel == "phone");
        var maruko = await db.Places.Where(p => p.Code == "maruko").Select(p => p.Id).SingleAsync();
        Assert.Contains(today, b => b.PlaceId == maruko);
        Assert.True(await db.Bookings.CountAsync(b => b.Start > new DateTimeOffset(Wednesday.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9))) >= 6);
        await AssertConsistentAsync(db);

        // The statistics count what the counter did.
        var report = await new CounterStatistics(db, Clock()).RunAsync(new StatisticsRequest(Wednesday, Wednesday, PeriodKind.Day, null));
        Assert.Equal(2, report.Total.IssuedWithBooking);
        Assert.Equal(1, report.Total.NoShows);
        Assert.Equal(today.Count, report.Total.Bookings);

        // A clerk sees them on the day's list.
        await app.SignInAsync(StaffRole.Clerk);
        var counter = await app.PageAsync(app.Office, "/office/counter");
        foreach (var booking in today.Where(b => b.PlaceId != maruko))
        {
            Assert.Equal(booking.Status.ToString(), counter.QuerySelector($"tbody[data-code='{booking.Code}']")?.GetAttribute("data-status"));
        }

        Assert.Contains("今日", app.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_the_counter_opens_nobody_is_marked_no_show_yet()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 24, 7, 30, 0, TimeSpan.FromHours(9)));
        await using var app = await MadoguchiApp.StartAsync(demo: true, clock: clock);
        await using var db = app.Database.Open();
        var today = await TodayAsync(db);

        Assert.DoesNotContain(today, b => b.Status == BookingStatus.NoShow);
        Assert.Equal(2, today.Count(b => b.Status == BookingStatus.Issued));
        await AssertConsistentAsync(db);
    }

    [Fact]
    public async Task The_top_page_shows_the_readme_postcards_and_they_book()
    {
        await using var app = await MadoguchiApp.StartAsync(demo: true, clock: Clock());

        var home = await app.PageAsync(app.Public, "/");
        foreach (var card in DemoPostcards.All)
        {
            Assert.Equal(card.Birth.ToString("yyyy-MM-dd"), home.QuerySelector($"[data-postcard='{card.Number}'] td:last-child")?.TextContent);
        }

        using var hold = await app.PostJsonAsync("/api/v1/holds", new { placeId = 1, start = "2027-02-26T13:00:00+09:00", cards = new[] { new { managementNumber = "REN-000001", birthDate = "1980-04-01" }, new { managementNumber = "REN-000002", birthDate = "1982-05-15" } } });
        Assert.Equal(HttpStatusCode.Created, hold.StatusCode);
        using var booked = await app.PostJsonAsync("/api/v1/bookings", new { placeId = 1, start = "2027-03-01T13:00:00+09:00", cards = new[] { new { managementNumber = "REN-000004", birthDate = "1955-11-03" } }, phone = "090-1234-5678" });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        // A postcard already booked is not offered again.
        home = await app.PageAsync(app.Public, "/");
        Assert.Null(home.QuerySelector("[data-postcard='REN-000004']"));
        Assert.NotNull(home.QuerySelector("[data-postcard='REN-000005']"));
    }

    [Fact]
    public async Task A_supervisor_resets_the_training_data_after_confirming_and_it_is_audited() =>
        await ResetAsync(DatabaseProvider.Sqlite);

    [SkippableFact]
    public async Task The_reset_works_on_postgresql_too() =>
        await ResetAsync(DatabaseProvider.Postgres);

    [Fact]
    public async Task Outside_training_mode_there_is_no_reset()
    {
        await using var app = await MadoguchiApp.StartAsync(demo: false, clock: Clock());
        await app.SignInAsync(StaffRole.Supervisor);

        using var page = await app.Office.GetAsync("/office/training");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var menu = await app.PageAsync(app.Office, "/office/");
        Assert.Null(menu.QuerySelector("a[href='/office/training']"));
    }

    [Fact]
    public async Task A_clerk_may_not_reset()
    {
        await using var app = await MadoguchiApp.StartAsync(demo: true, clock: Clock());
        await app.SignInAsync(StaffRole.Clerk);

        using var page = await app.Office.GetAsync("/office/training");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/office/denied", page.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        var menu = await app.PageAsync(app.Office, "/office/");
        Assert.Null(menu.QuerySelector("a[href='/office/training']"));
    }

    private static async Task ResetAsync(DatabaseProvider provider)
    {
        var clock = Clock();
        await using var app = await MadoguchiApp.StartAsync(provider, demo: true, clock: clock);
        await app.SignInAsync(StaffRole.Supervisor);
        long firstImport;
        int staff;
        int audit;
        await using (var db = app.Database.Open())
        {
            firstImport = await db.LedgerImports.Select(i => i.Id).SingleAsync();
            staff = await db.StaffAccounts.CountAsync();
        }

        // The trainee's day: a postcard booked, a booking cancelled by phone is gone, a card locked.
        using (var booked = await app.PostJsonAsync("/api/v1/bookings", new { placeId = 1, start = "2027-03-01T13:00:00+09:00", cards = new[] { new { managementNumber = "REN-000001", birthDate = "1980-04-01" } }, phone = "090-1234-5678" }))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        Assert.Null((await app.PageAsync(app.Public, "/")).QuerySelector("[data-postcard='REN-000001']"));

        // Without the confirmation nothing changes.
        var page = await app.PageAsync(app.Office, "/office/training");
        Assert.Contains("監査ログ", page.Body!.TextContent, StringComparison.Ordinal);
        using (var unconfirmed = await MadoguchiApp.PostFormAsync(app.Office, "/office/training", []))
        {
            var answer = await MadoguchiApp.ParseAsync(unconfirmed);
            Assert.Contains("チェックを入れてください", answer.QuerySelector("#problem")?.TextContent ?? "", StringComparison.Ordinal);
        }

        await using (var db = app.Database.Open())
        {
            Assert.Equal(firstImport, await db.LedgerImports.Select(i => i.Id).SingleAsync());
            audit = await db.AuditEntries.CountAsync();
        }

        using (var reset = await MadoguchiApp.PostFormAsync(app.Office, "/office/training", new() { ["Confirmed"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        }

        var done = await app.PageAsync(app.Office, "/office/training");
        Assert.Contains("作り直しました", done.QuerySelector("#notice")?.TextContent ?? "", StringComparison.Ordinal);

        await using (var db = app.Database.Open())
        {
            Assert.NotEqual(firstImport, await db.LedgerImports.Select(i => i.Id).SingleAsync());
            Assert.Equal(SeedDemoData.DemoCards + DemoPostcards.All.Count, await db.LedgerEntries.CountAsync());
            Assert.False(await db.BookedCards.AnyAsync(c => c.ManagementNumber == "REN-000001"));
            Assert.Equal(staff, await db.StaffAccounts.CountAsync());
            Assert.True(await db.AuditEntries.CountAsync() > audit, "the audit log keeps everything and gains the reset");
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "training.reset"));
            var today = await TodayAsync(db);
            Assert.Equal(2, today.Count(b => b.Status == BookingStatus.Issued));
            await AssertConsistentAsync(db);
        }

        Assert.NotNull((await app.PageAsync(app.Public, "/")).QuerySelector("[data-postcard='REN-000001']"));
    }

    private static async Task<List<PickupBooking>> TodayAsync(MadoguchiDb db)
    {
        var from = new DateTimeOffset(Wednesday.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9));
        var until = from.AddDays(1);
        return await db.Bookings.AsNoTracking().Include(b => b.Cards).Where(b => b.Start >= from && b.Start < until).ToListAsync();
    }

    /// <summary>Seats, booked cards, the ledger and the issue records say the same thing.</summary>
    private static async Task AssertConsistentAsync(MadoguchiDb db)
    {
        var bookings = await db.Bookings.AsNoTracking().Include(b => b.Cards).ToListAsync();
        var slots = await db.Slots.AsNoTracking().ToListAsync();
        foreach (var slot in slots)
        {
            Assert.Equal(bookings.Where(b => b.SlotId == slot.Id).Sum(b => b.People), slot.Taken);
        }

        Assert.All(bookings, b => Assert.Contains(slots, s => s.Id == b.SlotId && s.Start == b.Start && s.PlaceId == b.PlaceId));
        var issues = await db.CardIssues.AsNoTracking().Where(i => i.CorrectedAt == null).ToListAsync();
        var issuedCards = await db.LedgerEntries.AsNoTracking().Where(e => e.Status == CardStatus.Issued).Select(e => e.ManagementNumber).ToListAsync();
        Assert.Equal(issues.Select(i => i.ManagementNumber).Order(), issuedCards.Order());
        foreach (var booking in bookings)
        {
            var active = booking.Status is BookingStatus.Booked or BookingStatus.CheckedIn;
            Assert.All(booking.Cards, c => Assert.Equal(active, c.Active));
            if (booking.Status == BookingStatus.Issued)
            {
                Assert.All(booking.Cards, c => Assert.Contains(issues, i => i.BookingId == booking.Id && i.ManagementNumber == c.ManagementNumber));
                Assert.NotNull(booking.CheckedInAt);
            }
        }
    }
}
