using System.Text.RegularExpressions;

using Madoguchi.Audit;

namespace Madoguchi.Tests.Audit;

/// <summary>
/// The 監査 pages show each action in Japanese; an action written in English on a reviewer's screen
/// (as db.backup, mail.resend and seven others were until issue 16) is one the review board has to
/// ask about. Every action name the source writes — in a <c>RecordAsync(…)</c> or <c>new AuditEvent(…)</c>
/// call (also over several lines, either side of a <c>?:</c>) or an <c>…Action = "…"</c> constant —
/// must have its Japanese name. Names chosen in a switch elsewhere are not seen (closure.calls.view and
/// its print/export are named by hand); the scan guards the usual ways, it does not prove all.
/// </summary>
public sealed partial class AuditWordsTests
{
    [Fact]
    public void Every_action_the_source_records_has_a_Japanese_name()
    {
        var actions = WrittenActions(Repository.Root());

        // Proof the scan reads what it should: actions of the command line, the web host and Core.
        Assert.Contains("db.backup", actions);
        Assert.Contains("staff.signin", actions);
        Assert.Contains("staff.change.stop", actions);
        Assert.True(actions.Count > 55, $"Only {actions.Count} actions found: the scan has stopped matching.");
        var unnamed = actions.Where(a => AuditWords.Action(a) is null).Order(StringComparer.Ordinal).ToList();
        Assert.True(unnamed.Count == 0, "Add these to AuditWords: " + string.Join(", ", unnamed));
    }

    [Fact]
    public void The_scan_finds_actions_in_each_way_they_are_written()
    {
        const string Source = """
            await audit.RecordAsync(db, "a.one", [$"x:{id}"], cancellationToken: ct);
            await audit.RecordAsync(db, stopped ? "a.two" : "a.three", records);
            await audit.RecordAsync(
                db,
                "a.six",
                records);
            await RecordAsync("a.seven", result, cancellationToken);
            var entry = new AuditEvent("a.eight", Records: []);
            await RecordFailureAsync(user, result, lockedBefore, "a.nine");
            var action = marking.To == CardStatus.Withdrawn ? "a.ten" : "a.eleven";
            public const string Action = "a.four";
            public const string MigrateAction = "a.five";
            var name = "not.an.action";
            """;

        Assert.Equal(
            ["a.eight", "a.eleven", "a.five", "a.four", "a.nine", "a.one", "a.seven", "a.six", "a.ten", "a.three", "a.two"],
            ActionsIn(Source).Order(StringComparer.Ordinal));
    }

    private static HashSet<string> WrittenActions(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .SelectMany(ActionsIn)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The dotted names in each call's arguments up to its first ';', and in each action constant.</summary>
    private static IEnumerable<string> ActionsIn(string source) =>
        Written().Matches(source)
            .Select(m => source[m.Index..Math.Max(m.Index, source.IndexOf(';', m.Index))])
            .SelectMany(call => DottedName().Matches(call).Select(n => n.Groups[1].Value));

    [GeneratedRegex(@"Record\w*Async\(|new AuditEvent\(|const string \w*Action\w* = |var action = ")]
    private static partial Regex Written();

    [GeneratedRegex("\"([a-z]+(?:\\.[a-z-]+)+)\"")]
    private static partial Regex DottedName();
}
