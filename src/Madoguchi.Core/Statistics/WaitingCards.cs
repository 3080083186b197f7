using Madoguchi.Ledger;

namespace Madoguchi.Statistics;

/// <summary>Cards ready and not yet handed over that have waited between <see cref="FromDays"/> and <see cref="ToDays"/> days (no upper end when null).</summary>
public sealed record WaitingAge(string Label, int FromDays, int? ToDays, int Cards);

public sealed record WaitingReport(DateOnly Today, int Total, IReadOnlyList<WaitingAge> Ages);

/// <summary>
/// Cards waiting at the city (交付待ち) by how long since they arrived, counted from the ledger's
/// status and arrival date alone (grouped in the database: no entry is read).
/// </summary>
public sealed class WaitingCards(MadoguchiDb db, TimeProvider clock)
{
    /// <summary>The first day of each age group; the unclaimed lists' defaults (3 months, a year) fall on its edges.</summary>
    public static readonly IReadOnlyList<(int From, string Label)> Groups =
    [
        (0, "1週間以内"),
        (8, "8日〜1か月"),
        (31, "1〜3か月"),
        (91, "3〜6か月"),
        (181, "6か月〜1年"),
        (366, "1年を超える"),
    ];

    public async Task<WaitingReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var today = clock.Today();
        var byDay = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Status == CardStatus.Ready)
            .GroupBy(e => e.ArrivedOn)
            .Select(g => new { Day = g.Key, Cards = g.Count() })
            .ToListAsync(cancellationToken);
        var ages = new List<WaitingAge>();
        for (var i = 0; i < Groups.Count; i++)
        {
            var (from, label) = Groups[i];
            int? to = i + 1 < Groups.Count ? Groups[i + 1].From - 1 : null;
            // A card that arrives on a future day (a file imported early) counts as waiting 0 days.
            var cards = byDay.Where(d => Math.Max(0, today.DayNumber - d.Day.DayNumber) is var age && age >= from && (to is null || age <= to)).Sum(d => d.Cards);
            ages.Add(new WaitingAge(label, from, to, cards));
        }

        return new WaitingReport(today, ages.Sum(a => a.Cards), ages);
    }
}
