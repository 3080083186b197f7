using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

using Microsoft.Playwright;

namespace Madoguchi.Tests.Browser;

/// <summary>The size of the screen a person uses, in CSS pixels.</summary>
public sealed record Viewport(string Name, int Width, int Height, bool Mobile, float Scale)
{
    /// <summary>A small phone (360×740 is the most common Android size in Japan).</summary>
    public static Viewport Phone { get; } = new("phone", 360, 740, Mobile: true, Scale: 2);

    /// <summary>An office or home PC.</summary>
    public static Viewport Desktop { get; } = new("desktop", 1280, 800, Mobile: false, Scale: 1);

    /// <summary>A 1280×800 screen at 200% browser zoom: the page gets half the CSS pixels, each drawn twice as large.</summary>
    public static Viewport Zoom200 { get; } = new("zoom200", 640, 400, Mobile: false, Scale: 2);

    public static Viewport Named(string name) => new[] { Phone, Desktop, Zoom200 }.Single(v => v.Name == name);
}

/// <summary>
/// One browser tab as a person sees it: every step is kept as a screenshot under
/// <c>TestResults/screenshots/&lt;test&gt;-&lt;screen&gt;/&lt;nn-step&gt;.png</c> at the repository's root, and a public
/// page is checked with axe-core (WCAG 2.0/2.1 A and AA) and for sideways scrolling.
/// </summary>
public sealed class Screen : IAsyncDisposable
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private readonly IBrowserContext _context;
    private readonly string _folder;
    private int _step;

    private Screen(IBrowserContext context, IPage page, string folder, Viewport viewport)
    {
        _context = context;
        Page = page;
        _folder = folder;
        Viewport = viewport;
    }

    public IPage Page { get; }

    public Viewport Viewport { get; }

    public IKeyboard Keyboard => Page.Keyboard;

    public static string ScreenshotRoot { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public static async Task<Screen> OpenAsync(Chromium chromium, Viewport viewport, string test, bool javaScript = true)
    {
        var browser = chromium.Browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = viewport.Width, Height = viewport.Height },
            IsMobile = viewport.Mobile,
            HasTouch = viewport.Mobile,
            DeviceScaleFactor = viewport.Scale,
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            JavaScriptEnabled = javaScript,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var folder = Path.Combine(ScreenshotRoot, $"{test}-{viewport.Name}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        return new Screen(context, page, folder, viewport);
    }

    public async Task GoAsync(Uri root, string path)
    {
        var response = await Page.GotoAsync(new Uri(root, path).ToString());
        Assert.NotNull(response);
    }

    /// <summary>A step of the public flow: kept as a screenshot, then checked by axe and for sideways scrolling.</summary>
    public async Task SeePublicAsync(string step)
    {
        await KeepAsync(step);
        await AssertAccessibleAsync(step);
        await AssertNoSidewaysScrollAsync(step);
        await AssertBothLanguagesAsync(step);
    }

    /// <summary>A step of a staff flow: kept as a screenshot and checked by axe (the office pages are used on desktops only).</summary>
    public async Task SeeOfficeAsync(string step)
    {
        await KeepAsync(step);
        await AssertAccessibleAsync(step);
    }

    /// <summary>
    /// Japanese first, English second: the page is marked Japanese, its heading carries both, and
    /// every English part is marked <c>lang="en"</c> so a screen reader switches voice.
    /// </summary>
    public async Task AssertBothLanguagesAsync(string step)
    {
        Assert.Equal("ja", await Page.Locator("html").GetAttributeAsync("lang"));
        var h1 = Page.Locator("main h1");
        await Assertions.Expect(h1).ToBeVisibleAsync();
        Assert.Matches(@"\p{IsHiragana}|\p{IsKatakana}|\p{IsCJKUnifiedIdeographs}", await h1.InnerTextAsync());
        Assert.Matches("[A-Za-z]{3,}", await h1.Locator("[lang=en]").InnerTextAsync());
        var unmarked = await Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('.en')].filter(e => e.closest('[lang]').lang !== 'en').map(e => e.outerHTML.slice(0, 100))");
        Assert.True(unmarked.Length == 0, $"At step '{step}' English text is not marked lang=\"en\":\n{string.Join("\n", unmarked)}");
    }

    /// <summary>Keeps what the screen shows now as the next numbered screenshot.</summary>
    public async Task KeepAsync(string step)
    {
        _step++;
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_folder, $"{_step:00}-{step}.png"), FullPage = true });
    }

    public async Task AssertAccessibleAsync(string step)
    {
        var violations = await ViolationsAsync();
        Assert.True(violations.Length == 0, $"axe-core found WCAG 2.1 A/AA violations at step '{step}' ({Viewport.Name}, {Page.Url}):\n{Describe(violations)}");
    }

    /// <summary>What axe-core finds against the WCAG 2.0 and 2.1 level A and AA rules on the page as it is now.</summary>
    public async Task<AxeResultItem[]> ViolationsAsync() =>
        (await Page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } })).Violations;

    public async Task AssertNoSidewaysScrollAsync(string step)
    {
        var widths = await Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"At step '{step}' ({Viewport.Name}) the page is {widths[0]}px wide in a {widths[1]}px window: the reader must scroll sideways.");
    }

    /// <summary>
    /// Presses Tab (or Shift+Tab) until the focused element matches the selector, checking at every
    /// stop that the focus can be seen; fails if it is not reached within the given presses.
    /// </summary>
    public async Task TabToAsync(string selector, int most = 60, bool backwards = false)
    {
        for (var i = 0; i < most; i++)
        {
            await Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            var focus = await FocusAsync();
            Assert.True(focus.Visible, $"The focus on {focus.Element} cannot be seen (outline {focus.Outline}, shadow {focus.Shadow}) at {Page.Url}.");
            if (await Page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector} at {Page.Url} after {most} presses.");
    }

    public async Task<(bool Visible, string Element, string Outline, string Shadow)> FocusAsync()
    {
        var f = await Page.EvaluateAsync<string[]>(
            """
            () => {
              const e = document.activeElement;
              if (!e || e === document.body) return ['false', 'body', '', ''];
              const s = getComputedStyle(e);
              const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
              const shadow = s.boxShadow && s.boxShadow !== 'none';
              const r = e.getBoundingClientRect();
              const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth;
              return [String((outline || shadow) && onScreen), e.outerHTML.slice(0, 120), `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, s.boxShadow];
            }
            """);
        return (f[0] == "true", f[1], f[2], f[3]);
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private static string Describe(AxeResultItem[] violations)
    {
        var text = new StringBuilder();
        foreach (var v in violations)
        {
            text.AppendLine($"- {v.Id} ({v.Impact}): {v.Help} {v.HelpUrl}");
            foreach (var node in v.Nodes)
            {
                text.AppendLine($"    at {node.Target}: {node.Html}");
                foreach (var check in (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []))
                {
                    text.AppendLine($"       {check.Message}");
                }
            }
        }

        return text.ToString();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Madoguchi.slnx")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
