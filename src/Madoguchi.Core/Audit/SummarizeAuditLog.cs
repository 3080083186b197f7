using System.Globalization;

namespace Madoguchi.Audit;

/// <summary>
/// One staff member's day: how many audit entries, how many records shown or changed (counting
/// repeats), and how many different records. <see cref="Unusual"/> says in words why the volume
/// stands out, or is null.
/// </summary>
public sealed record StaffDay(DateOnly Day, int? StaffId, string? StaffLogin, string? Role, int Entries, long Records, int DistinctRecords, string? Unusual);

public sealed record AuditSummary(DateOnly From, DateOnly To, int Threshold, IReadOnlyList<StaffDay> Days)
{
    public int UnusualCount => Days.Count(d => d.Unusual is not null);
}

/// <summary>
/// Counts per staff member per day (Japan time), who looked at how many records. A day stands out
/// when a person's different records are more than <see cref="MedianTimes"/> times the median of
/// that day's staff (and at least <see cref="MedianFloor"/>, so that a quiet day's few looks are not
/// flagged), or above the threshold set for the city. Entries are streamed, not loaded at once.
/// Each summary shown is recorded (<c>audit.summary.view</c>).
/// </summary>
public sealed class SummarizeAuditLog(MadoguchiDb db, AuditTrail audit)
{
    public const int MedianTimes = 3;
    public const int MedianFloor = 20;
    public const int DefaultThreshold = 500;
    public const int LongestPeriodDays = 366;

    public async Task<AuditSummary> RunAsync(DateOnly from, DateOnly to, int threshold, CancellationToken cancellationToken = default)
    {
        var start = AuditDays.Bounds(from).Start;
        var end = AuditDays.Bounds(to).End;
        var tallies = new Dictionary<(DateOnly Day, int? StaffId, string? Login), Tally>();
        var rows = db.AuditEntries.AsNoTracking()
            .Where(e => e.At >= start && e.At < end)
            .OrderBy(e => e.Id)
            .Select(e => new { e.At, e.StaffId, e.StaffLogin, e.Role, e.Records, e.RecordCount })
            .AsAsyncEnumerable();
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            var key = (AuditDays.DayOf(e.At), e.StaffId, e.StaffLogin);
            if (!tallies.TryGetValue(key, out var tally))
            {
                tallies[key] = tally = new Tally();
            }

            tally.Role = e.Role ?? tally.Role;
            tally.Entries++;
            tally.Records += e.RecordCount;
            if (e.Records.Length > 0)
            {
                foreach (var record in e.Records.Split(','))
                {
                    tally.Distinct.Add(record);
                }
            }
        }

        var days = new List<StaffDay>(tallies.Count);
        foreach (var byDay in tallies.GroupBy(t => t.Key.Day).OrderByDescending(g => g.Key))
        {
            var median = Median(byDay.Select(t => t.Value.Distinct.Count).ToList());
            foreach (var (key, tally) in byDay.OrderBy(t => t.Key.StaffId ?? int.MaxValue).ThenBy(t => t.Key.Login, StringComparer.Ordinal))
            {
                var distinct = tally.Distinct.Count;
                var reasons = new List<string>();
                if (distinct > threshold)
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture, $"しきい値 {threshold:N0} 件を超えています"));
                }

                if (distinct >= MedianFloor && distinct > MedianTimes * median)
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture, $"この日の職員の中央値 {median:0.#} 件の{MedianTimes}倍を超えています"));
                }

                days.Add(new StaffDay(key.Day, key.StaffId, key.Login, tally.Role, tally.Entries, tally.Records, distinct, reasons.Count == 0 ? null : string.Join("。", reasons)));
            }
        }

        await audit.RecordAsync(db, "audit.summary.view", cancellationToken: cancellationToken);
        return new AuditSummary(from, to, threshold, days);
    }

    private static double Median(List<int> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
    }

    private sealed class Tally
    {
        public string? Role { get; set; }

        public int Entries { get; set; }

        public long Records { get; set; }

        public HashSet<string> Distinct { get; } = new(StringComparer.Ordinal);
    }
}
