using System.Net.Http.Json;
using System.Text.Json;

using Madoguchi.Notices;

using MimeKit;

namespace Madoguchi.Tests.Notices;

/// <summary>Where mail goes without a city mail server: a folder of .eml files and the office's outbox page (demo mode).</summary>
public sealed class DemoMailboxTests
{
    private const string Card = "A1B-123456";
    private const string Birth = "1985-04-12";
    private const string Email = "demo-mailbox@example.jp";

    [Fact]
    public async Task In_demo_mode_a_booking_mail_lands_in_the_demo_folder_and_on_the_office_page()
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-demo-mail-").FullName;
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
        try
        {
            // A mail host is set, but demo mode wins: a newcomer's booking must never mail a real address.
            await using var app = await MadoguchiApp.StartAsync(demo: true, clock: clock, settings: new Dictionary<string, string?>
            {
                ["Madoguchi:Mail:Worker"] = "true",
                ["Madoguchi:Mail:PollSeconds"] = "0.1",
                ["Madoguchi:Mail:Host"] = "127.0.0.1",
                ["Madoguchi:Mail:Port"] = "9",
                ["Madoguchi:Mail:DemoFolder"] = folder,
            });
            await app.ImportCardsAsync(clock, (Card, Birth));
            using var booked = await BookWithEmailAsync(app);
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            var code = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

            var file = await FirstFileAsync(folder);
            var mail = await MimeMessage.LoadAsync(file);
            Assert.Equal((Email, $"【上田市】マイナンバーカード受け取りの予約を受け付けました（予約番号 {code}）"), (mail.To.Mailboxes.Single().Address, mail.Subject));
            Assert.Single(mail.Attachments);

            await app.SignInAsync(Madoguchi.Staff.StaffRole.Clerk);
            var outbox = await app.PageAsync(app.Office, "/office/mail");
            Assert.NotNull(outbox.QuerySelector("#demo-mailbox"));
            Assert.Equal("sent", outbox.QuerySelector("#outbox tbody tr")!.GetAttribute("data-status"));
            var id = outbox.QuerySelector("#outbox tbody tr")!.GetAttribute("data-mail");
            var shown = await app.PageAsync(app.Office, $"/office/mail/{id}");
            Assert.Contains(code, shown.QuerySelector("#text")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(shown.QuerySelector("#html table"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SkippableFact]
    public async Task A_public_process_on_the_public_role_writes_the_mail_of_its_bookings_and_the_office_sends_it()
    {
        await using var smtp = new LoopbackSmtp();
        await smtp.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
        await using var app = await PublicProcess.StartAsync(DatabaseProvider.Postgres, clock, smtp.AppSettings());
        await app.ImportCardsAsync(clock, (Card, Birth));

        using var booked = await BookWithEmailAsync(app);

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        // The public role may only add to the outbox, never read it (ADR 0027): the public process writes
        // the mail in the booking's transaction and sends none; the office process's worker sends it.
        await Task.Delay(500);
        Assert.Empty(smtp.Messages);
        var settings = new MailSettings { Host = "127.0.0.1", Port = smtp.Port, Security = MailSecurity.None };
        await using (var db = app.Database.Open())
        {
            Assert.Equal(MailStatus.Pending, (await db.Outbox.AsNoTracking().SingleAsync()).Status);
            Assert.Equal(1, (await new DeliverOutbox(db, clock, settings, "office").RunAsync(() => new SmtpCarrier(settings))).Sent);
        }

        Assert.Equal(Email, (await smtp.WaitForAsync(1)).Single().To.Mailboxes.Single().Address);
        await using var check = app.Database.Open();
        Assert.Equal(MailStatus.Sent, (await check.Outbox.AsNoTracking().SingleAsync()).Status);
    }

    [Fact]
    public async Task Outside_demo_mode_without_a_mail_host_the_mail_waits_in_the_outbox_and_the_office_page_warns()
    {
        // A real city's booking (demo off) with no server set: the mail must neither be filed away as
        // sent nor written to a folder nobody reads; it waits until a host is set.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
        var folder = Path.Combine(Directory.GetCurrentDirectory(), "data", "demo-mail");
        var before = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml").Length : 0;
        await using var app = await MadoguchiApp.StartAsync(demo: false, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Madoguchi:Mail:Worker"] = "true",
            ["Madoguchi:Mail:PollSeconds"] = "0.1",
        });
        await app.ImportCardsAsync(clock, (Card, Birth));
        using var booked = await BookWithEmailAsync(app);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        // Many worker rounds (0.1 s apart), and past any retry: the mail is still waiting, never tried.
        await Task.Delay(800);
        clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(500);
        await using (var db = app.Database.Open())
        {
            var mail = await db.Outbox.AsNoTracking().SingleAsync();
            Assert.Equal((MailStatus.Pending, 0, Email), (mail.Status, mail.Attempts, mail.To));
        }

        Assert.Equal(before, Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml").Length : 0);
        await app.SignInAsync(Madoguchi.Staff.StaffRole.Clerk);
        var outbox = await app.PageAsync(app.Office, "/office/mail");
        Assert.NotNull(outbox.QuerySelector("#no-mail-server"));
        Assert.Null(outbox.QuerySelector("#demo-mailbox"));
    }

    [Fact]
    public async Task The_purge_deletes_demo_mail_files_as_old_as_the_outbox_text_it_erases_and_keeps_newer_ones()
    {
        // Today 2027-03-31 in Ueda; contacts are kept 30 days, so from 3/2 (Japan time) on.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 31, 1, 0, 0, TimeSpan.Zero));
        var folder = Directory.CreateTempSubdirectory("madoguchi-demo-purge-").FullName;
        try
        {
            // Named as DemoMailFolder names them (the mail's date, UTC): 3/1 14:59 UTC is 3/1 23:59 in Japan (gone),
            // 3/1 15:00 UTC is 3/2 0:00 in Japan (kept).
            var old = Path.Combine(folder, "20270301-145900-a.eml");
            var kept = Path.Combine(folder, "20270301-150000-b.eml");
            await File.WriteAllTextAsync(old, "x");
            await File.WriteAllTextAsync(kept, "x");
            await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
            await using var db = database.Open();

            await new Madoguchi.Retention.PurgeOldData(db, clock, new Madoguchi.Retention.RetentionSettings(), new Madoguchi.Booking.BookingSettings(), TestAudit.Trail(clock), folder)
                .RunAsync(dryRun: true);
            Assert.True(File.Exists(old), "a dry run deletes nothing");
            await new Madoguchi.Retention.PurgeOldData(db, clock, new Madoguchi.Retention.RetentionSettings(), new Madoguchi.Booking.BookingSettings(), TestAudit.Trail(clock), folder)
                .RunAsync(dryRun: false);

            Assert.Equal([kept], Directory.GetFiles(folder, "*.eml"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Books Monday 3/1 9:00 at City Hall through the public API, with the e-mail address the mail goes to.</summary>
    private static Task<HttpResponseMessage> BookWithEmailAsync(MadoguchiApp app) =>
        app.PostJsonAsync("/api/v1/bookings", new
        {
            placeId = 1,
            start = new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9)),
            cards = new[] { new { managementNumber = Card, birthDate = Birth } },
            phone = "090-1357-2468",
            email = Email,
        });

    private static async Task<string> FirstFileAsync(string folder)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            if (Directory.GetFiles(folder, "*.eml") is [var file, ..])
            {
                return file;
            }

            await Task.Delay(50);
        }

        Assert.Fail("no .eml file was written to the demo folder");
        return "";
    }
}
