using Madoguchi.Staff;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Staff;

/// <summary>
/// A session ends on the server, at once, for every browser of the account: at sign-out, password
/// change, disable and role change. Each case replays the cookie a browser held before (ADR 0016).
/// Each authenticator code opens one session (ADR 0017); an unknown login costs a password hash too.
/// </summary>
public sealed class StaffSessionTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private readonly CountingHasher _hasher = new();
    private readonly Dictionary<HttpClient, CookieContainer> _jars = [];
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await MadoguchiApp.StartAsync(clock: _clock, services: s => s.AddSingleton<IPasswordHasher<StaffAccount>>(_hasher));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_cookie_copied_before_sign_out_opens_nothing_after_it()
    {
        using var browser = NewBrowser();
        var key = await _app.CreateAccountAsync("yamada", StaffRole.Clerk, Password);
        await _app.SignInWithCodeAsync(browser, "yamada", Password, key);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/office/bookings")).StatusCode);
        var copied = CookieOf(browser);

        // サインアウト as the layout's form sends it: with its antiforgery token.
        using var signedOut = await MadoguchiApp.PostFormAsync(browser, "/office/signout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/office/signin?signedOut=true", signedOut.Headers.Location!.ToString());

        await AssertEndedAsync(copied);
    }

    [Fact]
    public async Task Signing_out_at_one_pc_ends_the_accounts_session_at_the_other()
    {
        var key = await _app.CreateAccountAsync("kato", StaffRole.Clerk, Password);
        using var counter = NewBrowser();
        await _app.SignInWithCodeAsync(counter, "kato", Password, key);
        _clock.Advance(TimeSpan.FromSeconds(30));
        using var desk = _app.NewOfficeClient();
        await _app.SignInWithCodeAsync(desk, "kato", Password, key);
        Assert.Equal(HttpStatusCode.OK, (await counter.GetAsync("/office/bookings")).StatusCode);

        using var signedOut = await MadoguchiApp.PostFormAsync(desk, "/office/signout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        await AssertEndedAsync(CookieOf(counter));
    }

    public static TheoryData<string> Changes() => ["password", "disable", "role", "places"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task A_change_to_the_account_ends_its_sessions_at_once(string change)
    {
        using var browser = NewBrowser();
        var key = await _app.CreateAccountAsync($"change-{change}", StaffRole.Clerk, Password);
        await _app.SignInWithCodeAsync(browser, $"change-{change}", Password, key);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/office/bookings")).StatusCode);
        var copied = CookieOf(browser);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffAccount>>();
            var account = (await users.FindByNameAsync($"change-{change}"))!;
            var done = change switch
            {
                "password" => await users.ChangePasswordAsync(account, Password, "another-long-password"),
                "disable" => await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue),
                "role" => await Update(users, account, a => a.Role = StaffRole.PartTimer),
                _ => await Update(users, account, a => a.Places = "maruko"),
            };
            Assert.True(done.Succeeded);
        }

        // No waiting: the very next request is checked (the idle time is 15 minutes, Identity's default check 30).
        await AssertEndedAsync(copied);
        using var same = await browser.GetAsync("/office/bookings");
        Assert.Equal(HttpStatusCode.Redirect, same.StatusCode);
    }

    [Fact]
    public async Task One_code_signs_in_once()
    {
        var key = await _app.CreateAccountAsync("ito", StaffRole.Clerk, Password);
        using var first = _app.NewOfficeClient();
        await _app.SignInWithCodeAsync(first, "ito", Password, key);

        // The same code (it is still the same 30 seconds) typed in a second browser.
        using var second = _app.NewOfficeClient();
        using var password = await MadoguchiApp.PostFormAsync(second, "/office/signin", new() { ["login"] = "ito", ["password"] = Password });
        using var replayed = await MadoguchiApp.PostFormAsync(second, password.Headers.Location!.ToString(), new() { ["code"] = _app.CodeNow(key) });
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains("すでに使ったコード", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/office/bookings")).StatusCode);

        // An earlier code, still inside the 90 seconds allowed for a slow phone clock, is no better.
        using var earlier = await MadoguchiApp.PostFormAsync(second, password.Headers.Location!.ToString(), new() { ["code"] = Totp.Code(key, _clock.GetUtcNow().AddSeconds(-30)) });
        Assert.Equal(HttpStatusCode.Unauthorized, earlier.StatusCode);

        // The next code works.
        _clock.Advance(TimeSpan.FromSeconds(30));
        using var next = await MadoguchiApp.PostFormAsync(second, password.Headers.Location!.ToString(), new() { ["code"] = _app.CodeNow(key) });
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/office/bookings")).StatusCode);
    }

    [Fact]
    public async Task Two_sign_ins_racing_with_one_code_do_not_both_win()
    {
        var key = await _app.CreateAccountAsync("endo", StaffRole.Clerk, Password);
        var browsers = Enumerable.Range(0, 4).Select(_ => NewBrowser()).ToList();
        var codePages = new List<string>();
        foreach (var browser in browsers)
        {
            using var password = await MadoguchiApp.PostFormAsync(browser, "/office/signin", new() { ["login"] = "endo", ["password"] = Password });
            codePages.Add(password.Headers.Location!.ToString());
        }

        var code = _app.CodeNow(key);
        var answers = await Task.WhenAll(browsers.Select(async (b, i) =>
        {
            using var answer = await MadoguchiApp.PostFormAsync(b, codePages[i], new() { ["code"] = code });
            return answer.StatusCode;
        }));

        Assert.Equal(1, answers.Count(a => a == HttpStatusCode.Redirect));
        Assert.Equal(3, answers.Count(a => a == HttpStatusCode.Unauthorized));
        browsers.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task An_unknown_login_costs_a_password_hash_like_a_wrong_password()
    {
        await _app.CreateAccountAsync("ueda", StaffRole.Clerk, Password);
        using var browser = _app.NewOfficeClient();

        var before = _hasher.Verified;
        using var wrong = await MadoguchiApp.PostFormAsync(browser, "/office/signin", new() { ["login"] = "ueda", ["password"] = "not-the-password" });
        var forReal = _hasher.Verified - before;

        before = _hasher.Verified;
        using var unknown = await MadoguchiApp.PostFormAsync(browser, "/office/signin", new() { ["login"] = "nobody-here", ["password"] = "not-the-password" });
        var forUnknown = _hasher.Verified - before;

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(1, forReal);
        Assert.Equal(forReal, forUnknown);
        // And the same answer for both.
        var wrongText = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("ログイン名かパスワードが違います", wrongText, StringComparison.Ordinal);
        Assert.Contains("ログイン名かパスワードが違います", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/office/signin")]
    [InlineData("/office/counter?place=honcho")]
    [InlineData("/office/counter/day.csv?place=honcho&date=2027-02-22")]
    [InlineData("/office/ledger/entries/{entry}")]
    [InlineData("/office/nope")]
    public async Task Every_office_answer_is_never_stored_by_the_browser(string path)
    {
        await _app.ImportCardsAsync(_clock, ("A1B-123456", "1985-04-12"));
        long entry;
        await using (var db = _app.Database.Open())
        {
            entry = await db.LedgerEntries.Select(e => e.Id).SingleAsync();
        }

        var browser = await _app.SignInAsync(StaffRole.Clerk, _app.NewOfficeClient());
        using var answer = await browser.GetAsync(path.Replace("{entry}", entry.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {answer.StatusCode}");
        Assert.True(answer.Headers.CacheControl?.NoStore, $"{path} answers Cache-Control: {answer.Headers.CacheControl}");
        // The public zone's pages are not personal and may be cached as before.
        using var publicPage = await _app.Public.GetAsync("/");
        Assert.NotEqual(true, publicPage.Headers.CacheControl?.NoStore);
    }

    private static async Task<IdentityResult> Update(UserManager<StaffAccount> users, StaffAccount account, Action<StaffAccount> change)
    {
        change(account);
        return await users.UpdateAsync(account);
    }

    /// <summary>A browser whose cookies the test can read, as a person can copy them from the browser's tools.</summary>
    private HttpClient NewBrowser()
    {
        var jar = new CookieContainer();
        var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = jar }) { BaseAddress = _app.OfficeUrl };
        _jars[browser] = jar;
        return browser;
    }

    private string CookieOf(HttpClient browser)
    {
        var cookie = _jars[browser].GetAllCookies().Single(c => c.Name == "madoguchi.office");
        return $"{cookie.Name}={cookie.Value}";
    }

    private async Task AssertEndedAsync(string cookie)
    {
        using var replay = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _app.OfficeUrl };
        foreach (var path in new[] { "/office/bookings", "/office/" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            using var answer = await replay.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.Contains("/office/signin", answer.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>Identity's own hasher, counting the passwords it checks.</summary>
    private sealed class CountingHasher : IPasswordHasher<StaffAccount>
    {
        private readonly PasswordHasher<StaffAccount> _real = new();
        private int _verified;

        public int Verified => Volatile.Read(ref _verified);

        public string HashPassword(StaffAccount user, string password) => _real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(StaffAccount user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verified);
            return _real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
