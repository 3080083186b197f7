using System.Globalization;

using Madoguchi.Data;
using Madoguchi.Statistics;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Statistics;

/// <summary>The 係長's dashboard (R11): seats, bookings, issues, no-shows, unmarked bookings, cancellations and closures by period, place, counter and hour; counts only.</summary>
public sealed class IndexModel(MadoguchiDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Place { get; set; }

    public Dictionary<string, string> Errors { get; } = [];

    public CounterReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Report = await RunAsync(db, clock, From, To, Period, Place, Errors, cancellationToken);

    public static async Task<CounterReport> RunAsync(MadoguchiDb db, TimeProvider clock, string? from, string? to, string? period, string? place, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var request = StatisticsRequest.Read(from, to, period, place, places, clock.Today(), errors);
        return await new CounterStatistics(db, clock).RunAsync(request, cancellationToken);
    }

    /// <summary>The filters as shown, for the export links: what was read, not what was typed.</summary>
    public string Query()
    {
        var r = Report.Request;
        return $"from={r.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&to={r.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&period={r.Period.Code()}"
            + (Report.Place is { } p ? $"&place={Uri.EscapeDataString(p.Code)}" : "");
    }

    public string? DescribedBy(string field) => Errors.ContainsKey(field) ? $"{field}-error" : null;

    public static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
