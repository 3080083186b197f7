using System.Text.RegularExpressions;

using AngleSharp.Html.Dom;

using Madoguchi.Staff;

namespace Madoguchi.Tests.Hardening;

/// <summary>
/// Every page must work under the Content-Security-Policy (no inline script or style, nothing
/// from elsewhere), because a browser silently drops what the policy forbids: a page would lose
/// its layout or its print button without an error anyone sees. Checked twice: in the page
/// sources, and in the pages as served (the booking flow to its end, and every office page a
/// supervisor, an administrator and an auditor can reach). The clock stands on Monday
/// 2027-02-22 10:00 in Ueda.
/// </summary>
public sealed partial class StrictPolicyPagesTests
{
    [Fact]
    public void No_page_source_has_inline_style_or_script_or_event_handlers()
    {
        var pages = Path.Combine(Repository.Root(), "src", "Madoguchi.Web", "Pages");
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (Forbidden().Match(lines[i]) is { Success: true } found)
                {
                    problems.Add($"{Path.GetRelativePath(pages, file)}:{i + 1}: {found.Value}");
                }
            }
        }

        Assert.True(problems.Count == 0, "Move these into Assets/site.css or a script file under Assets:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task The_booking_flow_as_served_has_nothing_the_policy_would_block()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
        await using var app = await MadoguchiApp.StartAsync(clock: clock, settings: new Dictionary<string, string?> { ["Madoguchi:Booking:OnlineCancel"] = "true" });
        await app.ImportCardsAsync(clock, ("A1B-123456", "1985-04-12"));
        var problems = new List<string>();
        var citizen = app.Public;

        async Task<IHtmlDocument> Check(HttpResponseMessage response)
        {
            var page = await MadoguchiApp.ParseAsync(response);
            problems.AddRange(Blocked(page, response.RequestMessage!.RequestUri!.PathAndQuery));
            return page;
        }

        async Task<IHtmlDocument> Open(string path)
        {
            using var response = await citizen.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await Check(response);
        }

        await Open("/");
        await Open("/booking");
        var start = await Open("/book");
        using (var wrong = await MadoguchiApp.PostFormAsync(citizen, "/book", new() { ["Cards[0].ManagementNumber"] = "A1B-123456", ["Cards[0].BirthDate"] = "1985-04-13" }))
        {
            await Check(wrong);
        }

        using var cards = await MadoguchiApp.PostFormAsync(citizen, "/book", new() { ["Cards[0].ManagementNumber"] = "A1B-123456", ["Cards[0].BirthDate"] = "1985-04-12" });
        var places = await Open(cards.Headers.Location!.ToString());
        var calendar = await Open(places.QuerySelector("a.choice")!.GetAttribute("href")!);
        var march = await Open(calendar.QuerySelectorAll(".month-nav a").Last().GetAttribute("href")!);
        var times = await Open(march.QuerySelectorAll("td.day a").First().GetAttribute("href")!);
        var slot = times.QuerySelector("ul.times form")!;
        using var held = await citizen.PostAsync(slot.GetAttribute("action") ?? new Uri(times.Url).PathAndQuery, new FormUrlEncodedContent(
            slot.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "")));
        var confirmPath = held.Headers.Location!.ToString();
        await Open(confirmPath);
        using var done = await MadoguchiApp.PostFormAsync(citizen, confirmPath, new() { ["phone"] = "090-1234-5678" });
        var finished = await Open(done.Headers.Location!.ToString());
        Assert.NotNull(finished.QuerySelector(".qr svg"));
        using (var found = await MadoguchiApp.PostFormAsync(citizen, "/booking", new() { ["code"] = finished.QuerySelector("#booking-code")!.TextContent.Trim(), ["number"] = "A1B-123456", ["birth"] = "1985-04-12" }))
        {
            await Check(found);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_office_page_reachable_from_the_menu_has_nothing_the_policy_would_block()
    {
        await using var app = await MadoguchiApp.StartAsync(demo: true);
        var problems = new List<string>();
        var visited = 0;
        foreach (var role in new[] { StaffRole.Supervisor, StaffRole.Administrator, StaffRole.Auditor })
        {
            var client = await app.SignInAsync(role, app.NewOfficeClient());
            var queue = new Queue<string>(["/office/"]);
            var seen = new HashSet<string>(queue, StringComparer.Ordinal);
            while (queue.Count > 0 && seen.Count < 80)
            {
                var path = queue.Dequeue();
                using var response = await client.GetAsync(path);
                if (response.Content.Headers.ContentType?.MediaType != "text/html")
                {
                    continue;
                }

                visited++;
                var page = await MadoguchiApp.ParseAsync(response);
                problems.AddRange(Blocked(page, path));
                foreach (var link in page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!.Split('#')[0]))
                {
                    if (link.StartsWith("/office/", StringComparison.Ordinal) && !link.Contains(".csv", StringComparison.Ordinal) && !link.Contains("signout", StringComparison.Ordinal) && seen.Add(link))
                    {
                        queue.Enqueue(link);
                    }
                }
            }
        }

        Assert.True(visited > 15, $"only {visited} office pages were reached");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>What a browser would refuse to run or load on this page under the policy.</summary>
    private static IEnumerable<string> Blocked(IHtmlDocument page, string path)
    {
        foreach (var element in page.All)
        {
            var name = element.LocalName;
            if (element.HasAttribute("style"))
            {
                yield return $"{path}: style attribute on <{name}>";
            }

            foreach (var attribute in element.Attributes.Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"{path}: event handler {attribute.Name} on <{name}>";
            }

            if (name == "style")
            {
                yield return $"{path}: <style> element";
            }

            if (name == "script" && !element.HasAttribute("src"))
            {
                yield return $"{path}: inline <script>";
            }

            foreach (var (attribute, dataAllowed) in new[] { ("src", name == "img"), ("href", false), ("action", false), ("formaction", false) })
            {
                var value = element.GetAttribute(attribute);
                if (value is null || (attribute == "href" && name == "a" && !value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var local = value.Length == 0 || (value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal)) || value.StartsWith('?');
                if (!local && !(dataAllowed && value.StartsWith("data:", StringComparison.Ordinal)))
                {
                    yield return $"{path}: {attribute}=\"{value}\" on <{name}> is not from this site";
                }
            }
        }
    }

    /// <summary>A style attribute or element, an inline script (one without src), an on...= handler, a javascript: URL.</summary>
    [GeneratedRegex(@"\sstyle\s*=|<style[\s>]|<script(?![^>]*\ssrc\s*=)[^>]*>|\son[a-z]+\s*=\s*[""']|javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex Forbidden();
}
