using System.Net.Http.Json;
using System.Text.Json;

using Madoguchi.Audit;
using Madoguchi.Notices;
using Madoguchi.Staff;

namespace Madoguchi.Tests.Web;

/// <summary>
/// What surrounds every page: error pages, the favicon, and the mail outbox's place scope. The pages are
/// only read, each test with clients of its own, on one app for the class; the outbox test writes and
/// starts its own.
/// </summary>
public sealed class OfficeShellTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private readonly MadoguchiApp _app = shared.App;

    [Theory]
    [InlineData("public", "/nope", "ページが見つかりません", "交付予約")]
    [InlineData("public", "/office/", "ページが見つかりません", "交付予約")]
    [InlineData("office", "/nope", "ページが見つかりません", "交付管理（職員用）")]
    [InlineData("office", "/office/nope", "ページが見つかりません", "交付管理（職員用）")]
    public async Task A_page_that_does_not_exist_is_a_page_of_its_zone(string zone, string path, string heading, string site)
    {
        using var client = zone == "public" ? _app.NewVisitor() : _app.NewOfficeClient();
        using var answer = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        await AssertErrorPageAsync(answer, heading, site);
    }

    [Fact]
    public async Task A_form_sent_without_its_token_answers_a_page_that_says_what_to_do()
    {
        using var office = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());
        using var form = new FormUrlEncodedContent([]);
        using var answer = await office.PostAsync("/office/signout", form);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var page = await AssertErrorPageAsync(answer, "操作を受け付けられませんでした", "交付管理（職員用）");
        Assert.Contains("画面を開き直して", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_keeps_answering_problem_json()
    {
        using var visitor = _app.NewVisitor();
        using var answer = await visitor.GetAsync("/api/v1/nope");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_page_has_a_favicon_served_by_the_app()
    {
        using var visitor = _app.NewVisitor();
        var page = await _app.PageAsync(visitor, "/");
        var icon = page.QuerySelector("link[rel=icon]")!.GetAttribute("href")!;
        using var answer = await visitor.GetAsync(icon);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("image/svg+xml", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_branch_clerk_sees_and_resends_only_the_mails_of_their_place()
    {
        // Bookings, mails and audit entries are written here, so this test starts an app of its own.
        await using var app = await MadoguchiApp.StartAsync(clock: _clock);
        await app.ImportCardsAsync(_clock, ("A1B-123456", "1985-04-12"), ("C2D-654321", "1990-01-01"));
        int maruko;
        await using (var db = app.Database.Open())
        {
            maruko = await db.Places.Where(p => p.Code == "maruko").Select(p => p.Id).SingleAsync();
        }

        var cityHallMail = await FailedMailAsync(app, await BookAsync(app, 1, "A1B-123456", "1985-04-12"));
        var marukoMail = await FailedMailAsync(app, await BookAsync(app, maruko, "C2D-654321", "1990-01-01"));
        var client = await app.SignInAsync(StaffRole.Clerk, app.NewOfficeClient(), places: "maruko");

        var list = await app.PageAsync(client, "/office/mail");
        Assert.NotNull(list.QuerySelector($"tr[data-mail='{marukoMail}']"));
        Assert.Null(list.QuerySelector($"tr[data-mail='{cityHallMail}']"));
        Assert.Contains("すべて（1）", list.QuerySelector("main nav")!.TextContent, StringComparison.Ordinal);

        // City Hall's mail, resent with the page's own token: refused, recorded as refused, not queued.
        var token = list.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using (var refused = await client.PostAsync($"/office/mail?handler=Resend&id={cityHallMail}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/office/denied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        // Their own place's mail goes again.
        using (var resent = await MadoguchiApp.PostFormAsync(client, "/office/mail", []))
        {
            Assert.Equal($"/office/mail?resent={marukoMail}", resent.Headers.Location!.ToString());
        }

        await using var check = app.Database.Open();
        Assert.Equal(MailStatus.Failed, await check.Outbox.Where(m => m.Id == cityHallMail).Select(m => m.Status).SingleAsync());
        Assert.Equal(MailStatus.Pending, await check.Outbox.Where(m => m.Id == marukoMail).Select(m => m.Status).SingleAsync());
        var resends = await check.AuditEntries.Where(e => e.Action == "mail.resend").OrderBy(e => e.Id).Select(e => new { e.Records, e.Outcome }).ToListAsync();
        Assert.Equal([new { Records = $"mail:{cityHallMail}", Outcome = AuditOutcome.Refused }, new { Records = $"mail:{marukoMail}", Outcome = AuditOutcome.Ok }], resends);
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> AssertErrorPageAsync(HttpResponseMessage answer, string heading, string site)
    {
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        var page = await MadoguchiApp.ParseAsync(answer);
        Assert.Equal("ja", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains(heading, page.Title, StringComparison.Ordinal);
        Assert.Contains(site, page.Title, StringComparison.Ordinal);
        Assert.Contains(heading, page.QuerySelector("main h1")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("link[rel=stylesheet][href='/assets/site.css']"));
        return page;
    }

    private static async Task<long> BookAsync(MadoguchiApp app, int place, string number, string birth)
    {
        using var booked = await app.PostJsonAsync("/api/v1/bookings", new
        {
            placeId = place,
            start = new DateTimeOffset(2027, 2, 24, 10, 0, 0, TimeSpan.FromHours(9)),
            cards = new[] { new { managementNumber = number, birthDate = birth } },
            phone = "090-1111-2222",
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var code = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        await using var db = app.Database.Open();
        return await db.Bookings.Where(b => b.Code == code).Select(b => b.Id).SingleAsync();
    }

    /// <summary>A confirmation the mail server refused, as the outbox worker leaves it.</summary>
    private async Task<long> FailedMailAsync(MadoguchiApp app, long booking)
    {
        await using var db = app.Database.Open();
        var mail = new OutboxMail
        {
            EventKey = $"booking:{booking}:test",
            Kind = MailKind.Confirmed,
            BookingId = booking,
            To = "citizen@example.jp",
            Subject = "予約の受付",
            TextBody = "本文",
            HtmlBody = "<p>本文</p>",
            MessageId = $"test-{booking}@city.ueda.example",
            Status = MailStatus.Failed,
            Attempts = 5,
            LastError = "550 mailbox unavailable",
            CreatedAt = _clock.GetUtcNow(),
            NextAttemptAt = _clock.GetUtcNow(),
        };
        db.Outbox.Add(mail);
        await db.SaveChangesAsync();
        return mail.Id;
    }
}
