using AngleSharp.Html.Parser;

using Madoguchi.Web.Statistics;

namespace Madoguchi.Tests.Statistics;

/// <summary>The server-drawn chart: an image with a name and a description, bars in proportion, no style attribute.</summary>
public sealed class BarChartTests
{
    [Fact]
    public void Bars_are_drawn_in_proportion_under_a_round_top_with_a_title_and_a_description()
    {
        var html = BarChart.Render("c", "週ごとの交付 <試験>", "説明", ["2/22〜", "本庁舎 市民課と南庁舎1階臨時窓口"],
            new ChartSeries("交付", "series-3", [30, 15]),
            new ChartSeries("席", "series-1", [70, 0])).ToString()!;

        var svg = new HtmlParser().ParseDocument($"<body>{html}</body>").QuerySelector("svg")!;
        Assert.Equal(("img", "c-title c-desc"), (svg.GetAttribute("role"), svg.GetAttribute("aria-labelledby")));
        // Text is encoded, never markup.
        Assert.Equal("週ごとの交付 <試験>", svg.QuerySelector("title#c-title")!.TextContent);
        Assert.Empty(svg.QuerySelectorAll("[style], script"));
        // The top is 100 (the largest value 70 rounded up to 1, 2 or 5 × 10ⁿ); the plot is 300 − 36 − 64 = 200 high.
        var bars = svg.QuerySelectorAll("rect[class^='series'] > title").Select(t => t.ParentElement!).ToList();
        Assert.Equal(["60", "140", "30", "0"], bars.Select(b => b.GetAttribute("height")));
        Assert.Equal("2/22〜 交付: 30", bars[0].TextContent);
        Assert.Equal(["0", "50", "100"], svg.QuerySelectorAll("text.axis[text-anchor=end]").Take(3).Select(t => t.TextContent));
        // A long name is cut on the axis; its bars' titles keep it whole.
        Assert.Contains(svg.QuerySelectorAll("text.axis"), t => t.TextContent == "本庁舎 市民課と…");
        Assert.StartsWith("本庁舎 市民課と南庁舎1階臨時窓口 交付", bars[2].TextContent, StringComparison.Ordinal);
    }
}
