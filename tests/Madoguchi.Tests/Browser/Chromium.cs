using Microsoft.Playwright;

namespace Madoguchi.Tests.Browser;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, installed by .ci/run) driven by Playwright's own
/// driver; no browser is ever downloaded. One browser serves every browser test: each test opens its
/// own context (cookies, viewport), which costs milliseconds where a launch costs a second.
/// On a developer's machine without Chromium the tests are skipped; under CI=true they fail.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Debian's Chromium, or another build named by MADOGUCHI_CHROMIUM on a developer's machine.</summary>
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("MADOGUCHI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _missing;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            _missing = $"{ExecutablePath} is not installed (apt-get install chromium fonts-noto-cjk)";
            return;
        }

        try
        {
            Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            // The browser tests run beside the rest of the suite on two shared cores: a page may take
            // longer than Playwright's default five seconds to appear there.
            Assertions.SetDefaultExpectTimeout(15_000);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
        }
        catch (PlaywrightException e)
        {
            _missing = "Chromium did not start: " + e.Message;
        }
    }

    /// <summary>The browser; skips the test (or fails it under CI=true) when Chromium cannot run here.</summary>
    public IBrowser Browser
    {
        get
        {
            if (_missing is not null)
            {
                if (PostgresServer.InCi)
                {
                    throw new InvalidOperationException("Chromium is required under CI=true: " + _missing);
                }

                Skip.If(true, _missing);
            }

            return _browser!;
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The browser tests share one Chromium and run one after another (two shared CPU cores).</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<Chromium>
{
    public const string Name = "Chromium";
}
