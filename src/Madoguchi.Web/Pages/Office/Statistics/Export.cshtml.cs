using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Exports;
using Madoguchi.Statistics;
using Madoguchi.Web.Audit;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Statistics;

/// <summary>
/// The dashboard's or the forecast's tables for Excel: one table as CSV (UTF-8 with BOM), or every
/// table as sheets of one .xlsx. Counts only, so no fresh password; still written to the audit log.
/// </summary>
public sealed class ExportModel(MadoguchiDb db, TimeProvider clock, OfficeAudit audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string format, string? view, string? table, string? from, string? to, string? period, string? place, string? weeks, CancellationToken cancellationToken)
    {
        var stamp = clock.Today().ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        if (view == "forecast")
        {
            var (count, _) = ForecastModel.ReadWeeks(weeks);
            var forecast = StatisticsTables.Forecast(await new WeeksAhead(db, clock).RunAsync(count, cancellationToken));
            await audit.RecordAsync($"export.statistics.forecast.{format}");
            return format == "csv"
                ? File(await TableCsv.BytesAsync(forecast), TableCsv.ContentType, $"forecast-{stamp}.csv")
                : File(TableXlsx.Bytes(forecast), TableXlsx.ContentType, $"forecast-{stamp}.xlsx");
        }

        var errors = new Dictionary<string, string>();
        var report = await IndexModel.RunAsync(db, clock, from, to, period, place, errors, cancellationToken);
        var tables = StatisticsTables.Of(report);
        if (errors.Count > 0 || (table is not null && tables.All(t => t.Code != table)) || (format == "csv" && table is null))
        {
            await audit.RecordAsync($"export.statistics.{format}", outcome: AuditOutcome.Refused);
            return BadRequest(errors.Count > 0
                ? string.Join(" ", errors.Values) + " 統計のページで条件を直してから保存してください。"
                : $"table には {string.Join("・", tables.Select(t => t.Code))} のどれかを指定してください。統計のページのリンクから保存してください。");
        }

        var chosen = table is null ? tables.Select(t => t.Table).ToList() : [tables.Single(t => t.Code == table).Table];
        await audit.RecordAsync($"export.statistics.{table ?? "all"}.{format}");
        var name = $"statistics-{table ?? "all"}-{report.Request.From:yyyyMMdd}-{report.Request.To:yyyyMMdd}";
        return format == "csv"
            ? File(await TableCsv.BytesAsync(chosen[0]), TableCsv.ContentType, name + ".csv")
            : File(TableXlsx.Bytes(chosen), TableXlsx.ContentType, name + ".xlsx");
    }
}
