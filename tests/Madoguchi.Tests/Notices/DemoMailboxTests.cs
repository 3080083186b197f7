using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Madoguchi.Data;
using Madoguchi.Notices;
using Madoguchi.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

using MimeKit;

using Npgsql;

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
            using var booked = await app.PostJsonAsync("/api/v1/bookings", new
            {
                placeId = 1,
                start = new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9)),
                cards = new[] { new { managementNumber = Card, birthDate = Birth } },
                phone = "090-1357-2468",
                email = Email,
            });
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
    public async Task A_public_process_on_the_public_role_writes_and_sends_the_mail_of_its_bookings()
    {
        await using var smtp = new LoopbackSmtp();
        await smtp.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
        await using var app = await MadoguchiApp.StartAsync(
            DatabaseProvider.Postgres,
            zone: "public",
            clock: clock,
            settings: smtp.AppSettings(),
            databaseSettings: async database =>
            {
                await using (var db = database.Open())
                {
                    await Madoguchi.Calendar.PlaceSetup.SeedAsync(db, Madoguchi.Calendar.UedaPlaces.All);
                }

                var owner = new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString);
                return new Dictionary<string, string?>
                {
                    ["ConnectionStrings:MadoguchiPublic"] = new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = "madoguchi_public", Password = "x" }.ConnectionString,
                };
            });
        await app.ImportCardsAsync(clock, (Card, Birth));

        using var booked = await app.PostJsonAsync("/api/v1/bookings", new
        {
            placeId = 1,
            start = new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9)),
            cards = new[] { new { managementNumber = Card, birthDate = Birth } },
            phone = "090-1357-2468",
            email = Email,
        });

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(Email, (await smtp.WaitForAsync(1)).Single().To.Mailboxes.Single().Address);
        await using var db = app.Database.Open();
        Assert.Equal(MailStatus.Sent, (await db.Outbox.SingleAsync()).Status);
    }

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
