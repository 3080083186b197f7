using System.Globalization;

using Madoguchi.Data;
using Madoguchi.Statistics;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Statistics;

/// <summary>The weeks ahead: cards waiting and expected arrivals against the seats offered, so the temporary counters open in time.</summary>
public sealed class ForecastModel(MadoguchiDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Weeks { get; set; }

    public string? Error { get; private set; }

    public Forecast Forecast { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var (weeks, error) = ReadWeeks(Weeks);
        Error = error;
        Forecast = await new WeeksAhead(db, clock).RunAsync(weeks, cancellationToken);
    }

    public static (int Weeks, string? Error) ReadWeeks(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (WeeksAhead.DefaultWeeks, null);
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= WeeksAhead.MostWeeks
            ? (n, null)
            : (WeeksAhead.DefaultWeeks, $"週の数「{text}」は 1〜{WeeksAhead.MostWeeks} の数字で入力してください。{WeeksAhead.DefaultWeeks}週間を表示しています。");
    }
}
