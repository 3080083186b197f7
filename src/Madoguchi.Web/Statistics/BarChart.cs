using System.Globalization;
using System.Net;
using System.Text;

using Microsoft.AspNetCore.Html;

namespace Madoguchi.Web.Statistics;

/// <summary>One row of bars: its name for the legend, the class that colours it (site.css), one value per label.</summary>
public sealed record ChartSeries(string Name, string CssClass, IReadOnlyList<int> Values);

/// <summary>
/// A bar chart drawn by the server as inline SVG: no script, no chart library, nothing from
/// elsewhere, no style attribute (the Content-Security-Policy allows none); colours come from
/// classes in site.css. The picture is one image to a screen reader, named by its title and
/// described in words; the page puts the same numbers in a table beside it.
/// </summary>
public static class BarChart
{
    private const int Width = 720;
    private const int Height = 300;
    private const int Left = 56;
    private const int Right = 12;
    private const int Top = 36;
    private const int Bottom = 64;

    public static IHtmlContent Render(string id, string title, string description, IReadOnlyList<string> labels, params IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(series);
        var svg = new StringBuilder();
        var max = Nice(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>");

        // Legend along the top.
        var x = Left;
        foreach (var s in series)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{s.CssClass}\" x=\"{x}\" y=\"8\" width=\"14\" height=\"14\"/><text class=\"legend\" x=\"{x + 20}\" y=\"20\">{E(s.Name)}</text>");
            x += 28 + (s.Name.Length * 14);
        }

        // Value axis: 0, half and the top, with grid lines.
        foreach (var tick in new[] { 0, max / 2, max }.Distinct())
        {
            var y = Top + plotHeight - (double)tick / max * plotHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{tick:N0}</text>");
        }

        if (labels.Count > 0)
        {
            var group = (double)plotWidth / labels.Count;
            var bar = Math.Max(1, (group * 0.8) / Math.Max(1, series.Count));
            // Every label fits up to about 24 groups; beyond that every n-th is written.
            var every = Math.Max(1, (int)Math.Ceiling(labels.Count / 24.0));
            for (var i = 0; i < labels.Count; i++)
            {
                var gx = Left + (i * group) + (group * 0.1);
                for (var s = 0; s < series.Count; s++)
                {
                    var value = i < series[s].Values.Count ? series[s].Values[i] : 0;
                    var h = (double)value / max * plotHeight;
                    svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{series[s].CssClass}\" x=\"{gx + (s * bar):0.#}\" y=\"{Top + plotHeight - h:0.#}\" width=\"{bar:0.#}\" height=\"{h:0.#}\"><title>{E(labels[i])} {E(series[s].Name)}: {value:N0}</title></rect>");
                }

                if (i % every == 0)
                {
                    var lx = Left + (i * group) + (group / 2);
                    var ly = Top + plotHeight + 14;
                    svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{lx:0.#}\" y=\"{ly}\" text-anchor=\"end\" transform=\"rotate(-35 {lx:0.#} {ly})\">{E(Short(labels[i]))}</text>");
                }
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"baseline\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight}\"/>");
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>A round top for the value axis: 1, 2 or 5 times a power of ten, at least the largest value (and at least 1).</summary>
    internal static int Nice(int max)
    {
        if (max <= 1)
        {
            return 1;
        }

        var power = (int)Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1, 2, 5, 10 })
        {
            if (step * power >= max)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    /// <summary>An axis label of at most 9 characters; the bar's own title and the table keep the whole name.</summary>
    private static string Short(string label) => label.Length <= 9 ? label : label[..8] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
