using static Microsoft.Playwright.Assertions;

namespace Madoguchi.Tests.Browser;

/// <summary>
/// The accessibility check itself can fail: a page with the two faults most often met (a field with
/// no label, grey text too pale on white) is reported, and a focus that cannot be seen is caught.
/// Without this, "zero violations" everywhere could also mean axe-core never ran.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class AxeCheckTests(Chromium chromium)
{
    [SkippableFact]
    public async Task A_field_without_a_label_and_pale_text_are_reported()
    {
        await using var s = await Screen.OpenAsync(chromium, Viewport.Desktop, "axe-check");
        // #aaa on white is 2.3:1, below the 4.5:1 that WCAG 2.1 AA asks of body text.
        await s.Page.SetContentAsync(
            """
            <!DOCTYPE html><html lang="ja"><head><title>試験</title>
            <style>p { color: #aaa } input:focus { outline: none }</style></head>
            <body><main><h1>試験のページ</h1><p>薄い文字</p><input type="text" id="nameless"></main></body></html>
            """);

        var found = (await s.ViolationsAsync()).Select(v => v.Id).ToList();

        Assert.Contains("label", found);
        Assert.Contains("color-contrast", found);
        await s.Page.Locator("#nameless").FocusAsync();
        await Expect(s.Page.Locator("#nameless")).ToBeFocusedAsync();
        Assert.False((await s.FocusAsync()).Visible);
    }
}
