using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Exports;
using Madoguchi.Statistics;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Statistics;

/// <summary>The dashboard's or the forecast's tables for Excel (<see cref="ExportStatistics"/>, which records each export).</summary>
public sealed class ExportModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string format, string? view, string? table, string? from, string? to, string? period, string? place, string? weeks, CancellationToken cancellationToken)
    {
        var statistics = new ExportStatistics(db, clock, trail);
        var export = view == "forecast"
            ? await statistics.ForecastAsync(ForecastModel.ReadWeeks(weeks).Weeks, format, cancellationToken)
            : await statistics.ReportAsync(from, to, period, place, table, format, cancellationToken);
        if (export.Refusal is { } refusal)
        {
            return BadRequest(refusal);
        }

        return format == "csv"
            ? File(await TableCsv.BytesAsync(export.Tables[0]), TableCsv.ContentType, export.FileName + ".csv")
            : File(TableXlsx.Bytes(export.Tables), TableXlsx.ContentType, export.FileName + ".xlsx");
    }
}
