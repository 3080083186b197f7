namespace Madoguchi.Tests.Web;

/// <summary>Each zone answers on its own endpoint only, so a city can expose one and keep the other inside LG-WAN.</summary>
public sealed class ZoneTests
{
    [Fact]
    public async Task Both_zones_answer_on_their_own_endpoints_and_404_on_the_other()
    {
        await using var app = await MadoguchiApp.StartAsync();
        await app.SignInAsync(Madoguchi.Staff.StaffRole.Supervisor);

        Assert.Equal(HttpStatusCode.OK, (await app.Public.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Office.GetAsync("/office/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Office.GetAsync("/office/ledger/search")).StatusCode);

        foreach (var officeRoute in new[] { "/office/", "/office/ledger/search", "/office/ledger/import", "/office/ledger/imports", "/office/ledger/entries/1", "/office/ledger/imports/1/report.csv" })
        {
            using var response = await app.Public.GetAsync(officeRoute);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("ページが見つかりません", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await app.Office.GetAsync("/Index")).StatusCode);
        using var root = await app.Office.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/office/", root.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Stylesheets_are_served_by_the_app_on_both_endpoints()
    {
        await using var app = await MadoguchiApp.StartAsync();

        foreach (var client in new[] { app.Public, app.Office })
        {
            using var css = await client.GetAsync("/assets/site.css");
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        }

        var page = await app.PageAsync(app.Public, "/");
        Assert.All(page.QuerySelectorAll("link[href], script[src]"), e => Assert.StartsWith("/", e.GetAttribute("href") ?? e.GetAttribute("src"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_public_only_process_does_not_listen_for_the_office()
    {
        await using var app = await MadoguchiApp.StartAsync(zone: "public");

        Assert.Equal(HttpStatusCode.OK, (await app.Public.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Public.GetAsync("/office/")).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => app.Office.GetAsync("/office/"));
    }

    [Fact]
    public async Task An_office_only_process_does_not_listen_for_citizens()
    {
        await using var app = await MadoguchiApp.StartAsync(zone: "office");

        Assert.Equal(HttpStatusCode.OK, (await app.Office.GetAsync("/office/signin")).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => app.Public.GetAsync("/"));
    }
}
