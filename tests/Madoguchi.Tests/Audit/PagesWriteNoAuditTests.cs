using System.Reflection;
using System.Text.RegularExpressions;

using Madoguchi.Audit;
using Madoguchi.Web.Staff;

namespace Madoguchi.Tests.Audit;

/// <summary>
/// The office's pages write no audit entry of their own (issue 15): the feature a page calls writes
/// it, whoever calls it. A page model (or an endpoint) that records by hand, or takes the office's
/// audit to do so, fails here with the line; passing the trail on to a feature is what pages do. The
/// rule reads the source of every page, and is proved on written-out calls, so a pattern that stops
/// matching fails rather than passing vacuously.
/// </summary>
public sealed partial class PagesWriteNoAuditTests
{
    private static readonly string[] Folders = ["Account", "Audit", "Bookings", "Calendar", "Closures", "Counter", "Ledger", "Mail", "Staff", "Statistics", "Unclaimed"];

    [Fact]
    public void No_office_page_model_records_an_audit_entry_itself()
    {
        var root = RepositoryRoot();
        var writers = PageModels(root)
            .SelectMany(f => Records(File.ReadAllText(f)).Select(line => $"{Relative(root, f)}: {line}"))
            .ToList();

        Assert.True(writers.Count == 0, "These pages record audit entries themselves; let the feature they call take the AuditTrail and record instead: " + string.Join(Environment.NewLine, writers));
    }

    [Fact]
    public void The_rule_reads_the_page_models_of_every_folder()
    {
        var root = RepositoryRoot();
        var files = PageModels(root).Select(f => Relative(root, f)).ToList();

        Assert.All(Folders, folder => Assert.Contains(files, f => f.StartsWith($"src/Madoguchi.Web/Pages/Office/{folder}/", StringComparison.Ordinal)));
        Assert.Contains("src/Madoguchi.Web/Pages/Office/Account/SignIn.cshtml.cs", files);
    }

    [Theory]
    [InlineData("await audit.RecordAsync(\"staff.accounts.view\", [.. Accounts.Select(a => $\"staff:{a.Id}\")]);")]
    [InlineData("await audit.RecordAsync(\"mail.resend\", [$\"mail:{id}\"], Madoguchi.Audit.AuditOutcome.Refused);")]
    [InlineData("await trail.RecordAsync(db, \"audit.search\");")]
    [InlineData("public sealed class IndexModel(MadoguchiDb db, OfficeAudit audit) : PageModel")]
    [InlineData("await new AuditLog(db, clock, keys).WriteAsync(new AuditEvent(\"audit.search\"), cancellationToken);")]
    public void The_rule_catches_each_way_of_recording_by_hand(string code)
    {
        Assert.NotEmpty(Records(code));
    }

    [Theory]
    [InlineData("Result = await search.PageAsync(Filter, p, cancellationToken);")]
    [InlineData("await denied.RunAsync(User, returnUrl);")]
    [InlineData("using Madoguchi.Audit;")]
    [InlineData("public sealed class PrintModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : PageModel")]
    [InlineData("var list = await new ClosureCallList(db, clock, trail).OpenAsync(closedDayId, places, CallListUse.Print, cancellationToken);")]
    public void The_rule_leaves_calls_to_features_alone(string code)
    {
        Assert.Empty(Records(code));
    }

    /// <summary>The sign-in's steps and the refused page, like the features of the core, cannot be built without the trail.</summary>
    [Theory]
    [InlineData(typeof(StaffSignIn))]
    [InlineData(typeof(AccessDenied))]
    public void The_office_features_of_the_web_host_take_the_trail(Type feature)
    {
        Assert.All(
            feature.GetConstructors(BindingFlags.Public | BindingFlags.Instance),
            c => Assert.Contains(c.GetParameters(), p => p.ParameterType == typeof(AuditTrail)));
    }

    private static List<string> Records(string source) =>
        source.Split('\n').Where(line => Recording().IsMatch(line)).Select(line => line.Trim()).ToList();

    [GeneratedRegex(@"\.RecordAsync\(|\bOfficeAudit\b|\bAuditLog\b")]
    private static partial Regex Recording();

    private static IEnumerable<string> PageModels(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "src", "Madoguchi.Web", "Pages"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "src", "Madoguchi.Web"), "*Endpoints.cs", SearchOption.AllDirectories));

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Madoguchi.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Madoguchi.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
