using Madoguchi.Staff;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Staff;

/// <summary>Only designated staff reach the office zone, with a password and an authenticator code (R8).</summary>
public sealed class StaffSignInTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync() => _app = await MadoguchiApp.StartAsync(clock: _clock);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_new_account_sets_its_password_and_authenticator_at_first_sign_in()
    {
        NewStaff created;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            created = (await scope.ServiceProvider.GetRequiredService<AddStaff>().RunAsync("tanaka", "田中 一郎", "職員", "")).Staff!;
        }

        using var first = await MadoguchiApp.PostFormAsync(_app.Office, "/office/signin", new() { ["login"] = "tanaka", ["password"] = created.FirstPassword });
        Assert.Equal("/office/setup", first.Headers.Location!.ToString());
        // Until set-up is done, every other office page leads back to it.
        using var elsewhere = await _app.Office.GetAsync("/office/ledger/search");
        Assert.Equal("/office/setup", elsewhere.Headers.Location!.ToString());

        var setup = await _app.PageAsync(_app.Office, "/office/setup");
        var key = setup.QuerySelector("#authenticator-key")!.TextContent.Trim();
        Assert.NotNull(setup.QuerySelector(".qr svg"));
        using var done = await MadoguchiApp.PostFormAsync(_app.Office, "/office/setup", new()
        {
            ["password"] = "my-own-long-password",
            ["confirm"] = "my-own-long-password",
            ["code"] = _app.CodeNow(key),
        });
        var page = await MadoguchiApp.ParseAsync(done);
        var codes = page.QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent).ToList();
        Assert.Equal(10, codes.Count);

        // The code typed at set-up is used up: signing in takes the next one.
        _clock.Advance(TimeSpan.FromSeconds(30));
        using var client = _app.NewOfficeClient();
        await _app.SignInWithCodeAsync(client, "tanaka", "my-own-long-password", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/office/ledger/search")).StatusCode);

        // A recovery code works once, in place of the authenticator.
        using var other = _app.NewOfficeClient();
        using var password = await MadoguchiApp.PostFormAsync(other, "/office/signin", new() { ["login"] = "tanaka", ["password"] = "my-own-long-password" });
        using var recovered = await MadoguchiApp.PostFormAsync(other, password.Headers.Location!.ToString(), new() { ["code"] = codes[0] });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        using var third = _app.NewOfficeClient();
        using var again = await MadoguchiApp.PostFormAsync(third, "/office/signin", new() { ["login"] = "tanaka", ["password"] = "my-own-long-password" });
        using var reused = await MadoguchiApp.PostFormAsync(third, again.Headers.Location!.ToString(), new() { ["code"] = codes[0] });
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_five_wrong_passwords_lock_the_account()
    {
        var key = await _app.CreateAccountAsync("suzuki", StaffRole.Clerk, "correct-horse-battery");
        using var password = await MadoguchiApp.PostFormAsync(_app.Office, "/office/signin", new() { ["login"] = "suzuki", ["password"] = "correct-horse-battery" });
        using var wrongCode = await MadoguchiApp.PostFormAsync(_app.Office, password.Headers.Location!.ToString(), new() { ["code"] = Totp.Code(key, _clock.GetUtcNow().AddMinutes(10)) });
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);
        Assert.Contains("認証コードが違う", await wrongCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var client = _app.NewOfficeClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await MadoguchiApp.PostFormAsync(client, "/office/signin", new() { ["login"] = "suzuki", ["password"] = $"wrong-password-{i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var locked = await MadoguchiApp.PostFormAsync(client, "/office/signin", new() { ["login"] = "suzuki", ["password"] = "correct-horse-battery" });
        Assert.Contains("15分間止めています", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_fifteen_idle_minutes_the_clerk_is_signed_out()
    {
        var client = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());
        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/office/ledger/search")).StatusCode);

        _clock.Advance(TimeSpan.FromMinutes(16));
        using var expired = await client.GetAsync("/office/ledger/search");

        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.Contains("/office/signin", expired.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sensitive_pages_ask_for_the_password_again_after_ten_minutes()
    {
        var key = await _app.CreateAccountAsync("sato", StaffRole.Supervisor, "correct-horse-battery");
        using var client = _app.NewOfficeClient();
        await _app.SignInWithCodeAsync(client, "sato", "correct-horse-battery", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/office/ledger/import")).StatusCode);

        _clock.Advance(TimeSpan.FromMinutes(11));
        using var stale = await client.GetAsync("/office/ledger/import");
        Assert.StartsWith("/office/reauth", stale.Headers.Location!.ToString(), StringComparison.Ordinal);
        // Other pages do not ask.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/office/ledger/search")).StatusCode);

        using var confirmed = await MadoguchiApp.PostFormAsync(client, stale.Headers.Location!.ToString(), new() { ["password"] = "correct-horse-battery" });
        Assert.Equal("/office/ledger/import", confirmed.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/office/ledger/import")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var client = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());

        using var signedOut = await MadoguchiApp.PostFormAsync(client, "/office/signout", []);

        Assert.StartsWith("/office/signin", signedOut.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var after = await client.GetAsync("/office/ledger/search");
        Assert.Contains("/office/signin", after.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_adds_an_account_and_sees_its_first_password_once()
    {
        var admin = await _app.SignInAsync(StaffRole.Administrator, _app.NewOfficeClient());

        using var added = await MadoguchiApp.PostFormAsync(admin, "/office/staff", new() { ["login"] = "maruko2", ["name"] = "丸子 花子", ["role"] = "職員", ["places"] = "maruko" });

        var page = await MadoguchiApp.ParseAsync(added);
        Assert.Matches("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$", page.QuerySelector("#first-password")!.TextContent);
        await using var scope = _app.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<StaffAccount>>().FindByNameAsync("maruko2");
        Assert.Equal((StaffRole.Clerk, "maruko", true), (account!.Role, account.Places, account.NeedsSetup));

        using var duplicate = await MadoguchiApp.PostFormAsync(admin, "/office/staff", new() { ["login"] = "maruko2", ["name"] = "別人", ["role"] = "職員" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Contains("すでに使われています", (await MadoguchiApp.ParseAsync(duplicate)).QuerySelector("#staff-error")!.TextContent, StringComparison.Ordinal);
    }
}
