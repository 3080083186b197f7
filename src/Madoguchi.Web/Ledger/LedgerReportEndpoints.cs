using System.Text;

using Madoguchi.Ledger;

namespace Madoguchi.Web.Ledger;

public static class LedgerReportEndpoints
{
    /// <summary>
    /// The rows of one import that did not become ledger entries, as CSV for Excel (UTF-8 with BOM).
    /// Streamed, so a report of a million rows needs no memory to speak of.
    /// </summary>
    public static RouteHandlerBuilder MapLedgerReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/office/ledger/imports/{id:long}/report.csv", async (long id, ReadLedger ledger, HttpContext context) =>
        {
            if (!Madoguchi.Web.Staff.FreshPasswordAttribute.IsFresh(context))
            {
                return Results.Redirect($"/office/reauth?returnUrl={Uri.EscapeDataString(context.Request.Path)}");
            }

            // Recorded before the first byte leaves: an export that cannot be recorded is not made.
            if (await ledger.ExportImportReportAsync(id, context.RequestAborted) is not { } problems)
            {
                return Results.NotFound();
            }

            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-report.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(true), 1 << 16);
            await writer.WriteAsync("行,列,種別,理由\r\n");
            await foreach (var p in problems)
            {
                await writer.WriteAsync($"{p.Line},{Csv(p.Column)},{(p.Kind == ProblemKind.Conflict ? "矛盾" : "不備")},{Csv(p.Reason)}\r\n");
            }

            return Results.Empty;
        }).ExcludeFromDescription();

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
