using System.Net.Sockets;

using AngleSharp;
using AngleSharp.Html.Dom;

using Madoguchi.Web;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// The real web process (Kestrel on free loopback ports, a real database) and what a person does
/// with it. Tests say what they mean: <c>OfficeGetAsync</c>, <c>ImportThroughOfficeAsync</c>.
/// </summary>
public sealed class MadoguchiApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestDatabase _database;
    private readonly string _uploads;

    private static int _accounts;

    private MadoguchiApp(WebApplication app, TestDatabase database, string uploads, Uri publicUrl, Uri officeUrl)
    {
        _app = app;
        _database = database;
        _uploads = uploads;
        PublicUrl = publicUrl;
        OfficeUrl = officeUrl;
        Public = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = publicUrl };
        Office = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = officeUrl };
    }

    public Uri PublicUrl { get; }

    public Uri OfficeUrl { get; }

    public HttpClient Public { get; }

    public HttpClient Office { get; }

    public TestDatabase Database => _database;

    public string Console { get; private set; } = "";

    public static async Task<MadoguchiApp> StartAsync(
        DatabaseProvider provider = DatabaseProvider.Sqlite,
        bool demo = false,
        string zone = "all",
        TimeProvider? clock = null,
        IDictionary<string, string?>? settings = null,
        Func<TestDatabase, Task<IDictionary<string, string?>>>? databaseSettings = null,
        Action<IServiceCollection>? services = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        if (databaseSettings is not null)
        {
            settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
            foreach (var (key, value) in await databaseSettings(database))
            {
                settings[key] = value;
            }
        }

        var uploads = Directory.CreateTempSubdirectory("madoguchi-uploads-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            var (publicPort, officePort) = TwoFreePorts();
            var publicUrl = new Uri($"http://127.0.0.1:{publicPort}");
            var officeUrl = new Uri($"http://127.0.0.1:{officePort}");
            var app = MadoguchiWeb.Build(["--zone", zone], builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Madoguchi:PublicUrl"] = publicUrl.ToString(),
                    ["Madoguchi:OfficeUrl"] = officeUrl.ToString(),
                    ["Madoguchi:Demo"] = demo ? "true" : "false",
                    // The key TestDatabase.Open() digests with, so cards imported by a test check in the app.
                    ["Madoguchi:CardKey"] = Madoguchi.Booking.CardSecret.Development.ToBase64(),
                    ["Madoguchi:Database:Provider"] = provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
                    ["ConnectionStrings:Madoguchi"] = database.Settings.ConnectionString,
                    ["Madoguchi:UploadFolder"] = uploads,
                    ["Madoguchi:KeyFolder"] = Path.Combine(uploads, "keys"),
                    ["Madoguchi:Audit:KeyFile"] = Path.Combine(uploads, "keys", "audit-keys"),
                    // The daily purge and checkpoints run in tests that ask for them, not at every start.
                    ["Madoguchi:Retention:Daily"] = "false",
                    ["Madoguchi:DailyJobs"] = "false",
                    // The outbox worker runs in the mail tests, which start it; elsewhere mails stay in the outbox.
                    ["Madoguchi:Mail:Worker"] = "false",
                });
                if (settings is not null)
                {
                    builder.Configuration.AddInMemoryCollection(settings);
                }

                builder.Logging.ClearProviders();
                if (Environment.GetEnvironmentVariable("MADOGUCHI_TEST_LOG") == "1") { builder.Logging.AddConsole(); }
                if (clock is not null)
                {
                    builder.Services.AddSingleton(clock);
                }

                services?.Invoke(builder.Services);
            });
            var console = new StringWriter();
            await app.PrepareAsync(console);
            try
            {
                await app.StartAsync();
                return new MadoguchiApp(app, database, uploads, publicUrl, officeUrl) { Console = console.ToString() };
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Another test's process took the free port between asking and binding: ask again.
                await app.DisposeAsync();
            }
        }
    }

    public IServiceProvider Services => _app.Services;

    public string[] PendingUploads() => Directory.GetFiles(_uploads);

    /// <summary>A fresh browser for the public zone, with its own cookies.</summary>
    public HttpClient NewVisitor() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = PublicUrl };

    /// <summary>A fresh browser for the office zone, with its own cookies.</summary>
    public HttpClient NewOfficeClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = OfficeUrl };

    /// <summary>Creates a set-up account of the role and signs the office client in as a person does: password, then a real authenticator code.</summary>
    public async Task<HttpClient> SignInAsync(Madoguchi.Staff.StaffRole role, HttpClient? client = null, string places = "")
    {
        client ??= Office;
        var login = $"{role.ToString().ToLowerInvariant()}{Interlocked.Increment(ref _accounts)}";
        const string Password = "correct-horse-battery";
        var key = await CreateAccountAsync(login, role, Password, places);
        await SignInWithCodeAsync(client, login, Password, key);
        return client;
    }

    public async Task<string> CreateAccountAsync(string login, Madoguchi.Staff.StaffRole role, string password, string places = "")
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Madoguchi.Staff.StaffAccount>>();
        var account = new Madoguchi.Staff.StaffAccount { UserName = login, Name = $"試験 {login}", Role = role, Places = places, NeedsSetup = false, TwoFactorEnabled = true, LockoutEnabled = true };
        var created = await users.CreateAsync(account, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.ResetAuthenticatorKeyAsync(account);
        return (await users.GetAuthenticatorKeyAsync(account))!;
    }

    public async Task SignInWithCodeAsync(HttpClient client, string login, string password, string key)
    {
        using var first = await PostFormAsync(client, "/office/signin", new() { ["login"] = login, ["password"] = password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/office/signin/code", first.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var second = await PostFormAsync(client, first.Headers.Location!.ToString(), new() { ["code"] = CodeNow(key) });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, second.StatusCode);
    }

    /// <summary>What the authenticator app shows now, by the app's clock (a test's fake clock, if it has one).</summary>
    public string CodeNow(string key) => Madoguchi.Staff.Totp.Code(key, Services.GetRequiredService<TimeProvider>().GetUtcNow());

    /// <summary>Opens the page, then posts its first form with the given fields (and its hidden ones, antiforgery included).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> values)
    {
        using var get = await client.GetAsync(path);
        var page = await ParseAsync(get);
        var form = page.QuerySelector("main form[method=post]") ?? page.QuerySelector("form[method=post]")!;
        var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (k, v) in values)
        {
            fields[k] = v;
        }

        using var content = new FormUrlEncodedContent(fields);
        var action = form.GetAttribute("action");
        return await client.PostAsync(string.IsNullOrEmpty(action) ? path : action, content);
    }

    /// <summary>Puts cards into the ledger through the real import, as the national data would.</summary>
    public async Task ImportCardsAsync(TimeProvider clock, params (string Number, string Birth)[] cards)
    {
        var csv = "管理番号,氏名,生年月日,性別,住所\r\n" + string.Concat(cards.Select((c, i) => $"{c.Number},試験　{i}子,{c.Birth},女,長野県上田市大手一丁目{i}番\r\n"));
        await using var db = _database.Open();
        await using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        var summary = await new Madoguchi.Ledger.ImportLedgerFile(db, clock, new Madoguchi.Audit.AuditTrail(clock, Services.GetRequiredService<Madoguchi.Audit.AuditKeys>(), () => TestAudit.Actor)).RunAsync(file, "cards.csv", new Madoguchi.Ledger.LedgerImportOptions("test"));
        Assert.Equal(cards.Length, summary.Imported);
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await Public.SendAsync(request);
    }

    public async Task<IHtmlDocument> PageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ParseAsync(response);
    }

    /// <summary>Parses a page with its address, so forms without an action post back to it.</summary>
    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = AngleSharp.BrowsingContext.New(AngleSharp.Configuration.Default);
        var address = response.RequestMessage?.RequestUri?.ToString() ?? "http://127.0.0.1/";
        return (IHtmlDocument)await context.OpenAsync(r => r.Content(html).Address(address));
    }

    /// <summary>Chooses a file on the office import page and asks for the preview.</summary>
    public async Task<IHtmlDocument> PreviewImportAsync(byte[] file, string fileName, string encoding = "")
    {
        var form = await PageAsync(Office, "/office/ledger/import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Token(form)), "__RequestVerificationToken" },
            { new StringContent(encoding), "encoding" },
            { new ByteArrayContent(file), "file", fileName },
        };
        using var response = await Office.PostAsync("/office/ledger/import?handler=Preview", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ParseAsync(response);
    }

    /// <summary>Presses 取り込む on a preview; returns the address of the import's report.</summary>
    public async Task<string> CommitImportAsync(IHtmlDocument preview)
    {
        var commit = preview.QuerySelector("form[action*='handler=Commit']")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = commit.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["token"] = commit.QuerySelector("input[name=token]")!.GetAttribute("value")!,
        });
        using var response = await Office.PostAsync("/office/ledger/import?handler=Commit", content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Public.Dispose();
        Office.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_uploads, recursive: true);
    }

    private static string Token(IHtmlDocument form) =>
        form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    /// <summary>Two free ports, both held while asked for: a port asked for after the other was let go can be that same port.</summary>
    internal static (int Public, int Office) TwoFreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }
}
