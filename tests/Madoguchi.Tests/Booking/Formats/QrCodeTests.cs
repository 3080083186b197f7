using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

using Madoguchi.Booking.Formats;

using QRCoder;

namespace Madoguchi.Tests.Booking.Formats;

public sealed partial class QrCodeTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private const int QuietZone = 4;

    [Fact]
    public void Is_well_formed_svg_with_role_img_and_the_title()
    {
        var document = XDocument.Parse(QrCode.Svg("https://madoguchi.example/b/3C7K-9HQA", "予約番号 3C7K-9HQA の QR コード"));

        var svg = document.Root!;
        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("予約番号 3C7K-9HQA の QR コード", svg.Element(Svg + "title")?.Value);
        Assert.Same(svg.Element(Svg + "title"), svg.Elements().First());
    }

    [Fact]
    public void Is_sized_by_the_view_box_only_and_refers_to_nothing_outside()
    {
        // CSS sets the width; a fixed width or height would fight it. Inline SVG must load nothing else.
        var svg = QrCode.Svg("3C7K-9HQA", "QR");
        var root = XDocument.Parse(svg).Root!;

        Assert.Null(root.Attribute("width"));
        Assert.Null(root.Attribute("height"));
        Assert.Matches("^0 0 [0-9]+ [0-9]+$", (string?)root.Attribute("viewBox"));
        Assert.DoesNotContain("href", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<image", svg, StringComparison.Ordinal);
        Assert.Single(root.Elements(Svg + "path"));
    }

    [Fact]
    public void Escapes_markup_in_the_title()
    {
        // A title built from user data must not break the page it is inlined into.
        var svg = QrCode.Svg("x", "<script>&\"'");

        Assert.Equal("<script>&\"'", XDocument.Parse(svg).Root!.Element(Svg + "title")?.Value);
    }

    [Theory]
    [InlineData("3C7K-9HQA", 1)] // 9 characters in alphanumeric mode; version 1 holds 20 at level M
    [InlineData("https://madoguchi.example/booking/3C7K9HQA", 3)] // 42 bytes: exactly what version 3 holds at level M
    [InlineData("https://madoguchi.example/booking/3C7K-9HQA", 4)] // 43 bytes: one over, so version 4
    public void The_module_count_is_the_smallest_version_at_level_m_plus_the_quiet_zone(string text, int version)
    {
        var modules = Decode(QrCode.Svg(text, "QR"));

        Assert.Equal(17 + (4 * version) + (2 * QuietZone), modules.GetLength(0));
    }

    [Theory]
    [InlineData("3C7K-9HQA")] // a bare booking code
    [InlineData("https://madoguchi.example/booking/3C7K-9HQA")] // the booking page's address
    public void The_path_draws_exactly_the_modules_of_the_qr_code(string text)
    {
        var drawn = Decode(QrCode.Svg(text, "QR"));
        using var expected = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);

        var size = drawn.GetLength(0);
        Assert.Equal(expected.ModuleMatrix.Count, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                Assert.True(expected.ModuleMatrix[y][x] == drawn[y, x], $"module ({x}, {y})");
            }
        }
    }

    [Fact]
    public void Has_a_white_quiet_zone_of_four_modules_and_the_three_finder_patterns()
    {
        // What a phone's camera looks for first; checked on the drawing itself, not on the library's matrix.
        var modules = Decode(QrCode.Svg("https://madoguchi.example/booking/3C7K-9HQA", "QR"));
        var size = modules.GetLength(0);

        for (var i = 0; i < size; i++)
        {
            for (var q = 0; q < QuietZone; q++)
            {
                Assert.False(modules[q, i] || modules[size - 1 - q, i] || modules[i, q] || modules[i, size - 1 - q]);
            }
        }

        var far = size - QuietZone - 7;
        foreach (var (left, top) in new[] { (QuietZone, QuietZone), (far, QuietZone), (QuietZone, far) })
        {
            for (var dy = 0; dy < 7; dy++)
            {
                for (var dx = 0; dx < 7; dx++)
                {
                    var ring = Math.Max(Math.Abs(dx - 3), Math.Abs(dy - 3));
                    Assert.Equal(ring != 2, modules[top + dy, left + dx]);
                }
            }
        }
    }

    /// <summary>Reads the dark modules back from the path's "M x y h run v 1 h -run z" rectangles.</summary>
    private static bool[,] Decode(string svg)
    {
        var root = XDocument.Parse(svg).Root!;
        var viewBox = ((string)root.Attribute("viewBox")!).Split(' ');
        var size = int.Parse(viewBox[2], CultureInfo.InvariantCulture);
        Assert.Equal(viewBox[2], viewBox[3]);

        var modules = new bool[size, size];
        var data = (string)root.Element(Svg + "path")!.Attribute("d")!;
        var runs = Run().Matches(data);
        Assert.Equal(data.Length, runs.Sum(static run => run.Length));
        foreach (Match run in runs)
        {
            var x = int.Parse(run.Groups["x"].Value, CultureInfo.InvariantCulture);
            var y = int.Parse(run.Groups["y"].Value, CultureInfo.InvariantCulture);
            var length = int.Parse(run.Groups["length"].Value, CultureInfo.InvariantCulture);
            Assert.Equal(run.Groups["length"].Value, run.Groups["back"].Value);
            for (var i = 0; i < length; i++)
            {
                modules[y, x + i] = true;
            }
        }

        return modules;
    }

    [GeneratedRegex(@"M(?<x>[0-9]+) (?<y>[0-9]+)h(?<length>[0-9]+)v1h-(?<back>[0-9]+)z")]
    private static partial Regex Run();
}
