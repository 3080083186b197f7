using Madoguchi.Demo;

using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Web;

/// <summary>Training mode (練習モード): demo data for newcomers, marked on every page, off in production.</summary>
public sealed class DemoModeTests
{
    [Fact]
    public async Task Demo_mode_seeds_ueda_and_marks_every_page()
    {
        await using var app = await MadoguchiApp.StartAsync(demo: true);
        await app.SignInAsync(Madoguchi.Staff.StaffRole.Supervisor);

        foreach (var (client, path) in new[] { (app.Public, "/"), (app.Office, "/office/"), (app.Office, "/office/ledger/search"), (app.Office, "/office/ledger/imports"), (app.Office, "/office/ledger/import") })
        {
            var page = await app.PageAsync(client, path);
            Assert.Contains("練習モード", page.QuerySelector("[data-demo=on]")?.TextContent ?? "", StringComparison.Ordinal);
        }

        var home = await app.PageAsync(app.Public, "/");
        Assert.Contains("丸子自治センター", home.Body!.TextContent, StringComparison.Ordinal);
        await using var db = app.Database.Open();
        Assert.Equal(SeedDemoData.DemoCards + DemoPostcards.All.Count, await db.LedgerEntries.CountAsync());
        Assert.Equal(5, await db.Places.CountAsync());
        Assert.Contains("kakaricho", app.Console, StringComparison.Ordinal);
        Assert.Contains(app.PublicUrl.GetLeftPart(UriPartial.Authority), app.Console, StringComparison.Ordinal);
        Assert.Contains(app.OfficeUrl.GetLeftPart(UriPartial.Authority) + "/office/", app.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newcomer_books_with_a_demo_postcard_printed_on_the_console()
    {
        await using var app = await MadoguchiApp.StartAsync(demo: true);
        var line = app.Console.Split('\n').SkipWhile(l => !l.Contains("練習用のはがき", StringComparison.Ordinal)).Skip(1).First().Trim();
        var (number, birth) = (line.Split(" / ")[0], line.Split(" / ")[1]);

        var slot = (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(app.Public, "/api/v1/places/1/slots")).EnumerateArray().First();
        using var hold = await app.PostJsonAsync("/api/v1/holds", new { placeId = 1, start = slot.GetProperty("start").GetDateTimeOffset(), cards = new[] { new { managementNumber = number, birthDate = birth } } });

        Assert.Equal(System.Net.HttpStatusCode.Created, hold.StatusCode);
    }

    [Fact]
    public async Task Without_demo_mode_no_page_is_marked_and_nothing_is_seeded()
    {
        await using var app = await MadoguchiApp.StartAsync(demo: false);

        var page = await app.PageAsync(app.Public, "/");
        Assert.Null(page.QuerySelector("[data-demo]"));
        Assert.DoesNotContain("練習モード", page.Body!.TextContent, StringComparison.Ordinal);
        await using var db = app.Database.Open();
        Assert.Equal(0, await db.LedgerEntries.CountAsync());
    }

    [SkippableFact]
    public async Task Demo_mode_runs_on_postgresql_too()
    {
        await using var app = await MadoguchiApp.StartAsync(DatabaseProvider.Postgres, demo: true);
        await app.SignInAsync(Madoguchi.Staff.StaffRole.Clerk);

        var office = await app.PageAsync(app.Office, "/office/");
        Assert.Equal((SeedDemoData.DemoCards + DemoPostcards.All.Count).ToString("N0"), office.QuerySelector("[data-count=entries]")!.TextContent);
    }

    [Fact]
    public async Task Starting_again_does_not_seed_twice()
    {
        await using var app = await MadoguchiApp.StartAsync(demo: true);
        await using var scope = app.Services.CreateAsyncScope();

        var again = await scope.ServiceProvider.GetRequiredService<SeedDemoData>().RunAsync();

        Assert.True(again.AlreadySeeded);
        await using var db = app.Database.Open();
        Assert.Equal(SeedDemoData.DemoCards + DemoPostcards.All.Count, await db.LedgerEntries.CountAsync());
        Assert.Equal(SeedDemoData.DemoStaff.Count, await db.StaffAccounts.CountAsync());
    }
}
