using System.Text.RegularExpressions;

namespace Madoguchi.Tests.Booking;

/// <summary>
/// One seat ledger (issue 15, ADR 0006): <c>Seats</c> is the only code that changes
/// <c>slots.taken</c>. Five copies of the same give-back once lived in five features, and the
/// deadlocks of ADR 0015 came from such copies locking in different orders. The rule reads the
/// source (raw SQL is a string, so no type rule could see it), and is proved on written-out
/// writers, so a pattern that stops matching fails here rather than passing vacuously.
/// </summary>
public sealed partial class SeatLedgerArchitectureTests
{
    /// <summary>The one writer, and the benchmark's plain-SQL yardstick, which measures the database without the application by design (ADR 0028).</summary>
    private static readonly string[] Allowed =
    [
        "src/Madoguchi.Core/Booking/Seats.cs",
        "src/Madoguchi.Cli/Bench/SustainedBookingBenchmark.cs",
    ];

    [Fact]
    public void Only_the_seat_ledger_changes_the_seats_taken()
    {
        var root = Repository.Root();
        var writers = SourceFiles(root)
            .Where(f => !Allowed.Contains(Relative(root, f)))
            .SelectMany(f => Writes(File.ReadAllText(f)).Select(line => $"{Relative(root, f)}: {line}"))
            .ToList();

        Assert.True(writers.Count == 0, "These change slots.taken outside Seats; take, give back or move seats through Seats instead: " + string.Join(Environment.NewLine, writers));
    }

    [Fact]
    public void The_rule_reads_the_source_and_finds_the_ledger_itself()
    {
        // Guards against a moved folder that would leave nothing to read: the ledger's own writes are seen.
        var root = Repository.Root();
        var files = SourceFiles(root).Select(f => Relative(root, f)).ToList();

        Assert.Contains("src/Madoguchi.Core/Booking/CancelBooking.cs", files);
        Assert.Contains("src/Madoguchi.Core/Ledger/Unclaimed/MarkUnclaimed.cs", files);
        Assert.True(Writes(File.ReadAllText(Path.Combine(root, Allowed[0]))).Count >= 4, "Seats.cs should take, give back and make slots");
    }

    /// <summary>Each way a change of the seats taken has been or could be written, as it once stood in the features.</summary>
    [Theory]
    [InlineData("await db.Database.ExecuteSqlRawAsync(\"UPDATE slots SET taken = taken - {0} WHERE id = {1}\", [seats, booking.SlotId], ct);")]
    [InlineData("await Run(\"update \\\"slots\\\" set capacity = 3, taken = 0 where id = @id\");")]
    [InlineData("await db.Slots.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Taken, x => x.Taken - 1), ct);")]
    [InlineData("slot.Taken -= booking.People;")]
    [InlineData("db.Slots.Add(new Slot { PlaceId = 1, Capacity = 3, Taken = 1 });")]
    [InlineData("\"INSERT INTO slots (place_id, start, \\\"end\\\", capacity, taken) VALUES (1, 2, 3, 4, 0)\"")]
    public void The_rule_catches_each_way_of_writing_the_seats_taken(string code)
    {
        Assert.NotEmpty(Writes(code));
    }

    [Theory]
    [InlineData("var full = slot.Taken + seats > slot.Capacity;")]
    [InlineData("s => s.SetProperty(x => x.Capacity, x => x.Taken > seats ? x.Taken : seats)")]
    [InlineData("if (row.Taken == 0) { }")]
    public void The_rule_leaves_reads_of_the_seats_taken_alone(string code)
    {
        Assert.Empty(Writes(code));
    }

    private static List<string> Writes(string source) =>
        source.Split('\n').Where(line => SqlWrite().IsMatch(line) || SqlInsert().IsMatch(line) || LinqWrite().IsMatch(line) || Assignment().IsMatch(line))
            .Select(line => line.Trim()).ToList();

    [GeneratedRegex(@"(?i)\bupdate\s+\\?""?slots\\?""?\s+set\b.*\btaken\s*=")]
    private static partial Regex SqlWrite();

    [GeneratedRegex(@"(?i)\binsert\s+into\s+\\?""?slots\\?""?[\s(]")]
    private static partial Regex SqlInsert();

    [GeneratedRegex(@"SetProperty\(\s*\w+\s*=>\s*\w+\.Taken\b")]
    private static partial Regex LinqWrite();

    [GeneratedRegex(@"\bTaken\s*[-+]?=(?!=)")]
    private static partial Regex Assignment();

    private static IEnumerable<string> SourceFiles(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !Relative(root, f).Split('/').Any(part => part is "obj" or "bin" or "Migrations"));

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');
}
