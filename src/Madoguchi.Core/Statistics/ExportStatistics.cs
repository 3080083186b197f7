using Madoguchi.Audit;
using Madoguchi.Exports;

namespace Madoguchi.Statistics;

/// <summary>What <see cref="ExportStatistics"/> saves, or why it saved nothing (the message says what to do).</summary>
public sealed record StatisticsExport(IReadOnlyList<ExportTable> Tables, string FileName, string? Refusal = null);

/// <summary>
/// The dashboard's or the forecast's tables for Excel: one table as CSV, or every table as sheets of
/// one .xlsx. Counts only, so no fresh password; each export is still written to the audit log
/// (<c>export.statistics.…</c>), a refused one too.
/// </summary>
public sealed class ExportStatistics(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    public async Task<StatisticsExport> ForecastAsync(int weeks, string format, CancellationToken cancellationToken = default)
    {
        var forecast = StatisticsTables.Forecast(await new WeeksAhead(db, clock).RunAsync(weeks, cancellationToken));
        await audit.RecordAsync(db, $"export.statistics.forecast.{format}", cancellationToken: cancellationToken);
        return new StatisticsExport([forecast], $"forecast-{clock.Today():yyyyMMdd}");
    }

    /// <summary>
    /// The report's tables: <paramref name="table"/> names one (CSV needs one), null all of them.
    /// The filters are read as the dashboard reads them; a wrong one refuses the export.
    /// </summary>
    public async Task<StatisticsExport> ReportAsync(string? from, string? to, string? period, string? place, string? table, string format, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        var places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var request = StatisticsRequest.Read(from, to, period, place, places, clock.Today(), errors);
        var report = await new CounterStatistics(db, clock).RunAsync(request, cancellationToken);
        var tables = StatisticsTables.Of(report);
        if (errors.Count > 0 || (table is not null && tables.All(t => t.Code != table)) || (format == "csv" && table is null))
        {
            await audit.RecordAsync(db, $"export.statistics.{format}", outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);
            return new StatisticsExport([], "", errors.Count > 0
                ? string.Join(" ", errors.Values) + " 統計のページで条件を直してから保存してください。"
                : $"table には {string.Join("・", tables.Select(t => t.Code))} のどれかを指定してください。統計のページのリンクから保存してください。");
        }

        await audit.RecordAsync(db, $"export.statistics.{table ?? "all"}.{format}", cancellationToken: cancellationToken);
        return new StatisticsExport(
            table is null ? [.. tables.Select(t => t.Table)] : [tables.Single(t => t.Code == table).Table],
            $"statistics-{table ?? "all"}-{report.Request.From:yyyyMMdd}-{report.Request.To:yyyyMMdd}");
    }
}
