using System.Globalization;
using System.Text;
using System.Xml.Linq;

using QRCoder;

namespace Madoguchi.Booking.Formats;

/// <summary>
/// A QR code as inline SVG: one path for all dark modules on a white square that includes the four-module
/// quiet zone, sized by its viewBox alone so that CSS sets the width.
/// </summary>
public static class QrCode
{
    private static readonly XNamespace SvgNamespace = "http://www.w3.org/2000/svg";

    public static string Svg(string text, string title)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(title);

        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var size = modules.Count.ToString(CultureInfo.InvariantCulture);

        var svg = new XElement(
            SvgNamespace + "svg",
            new XAttribute("viewBox", $"0 0 {size} {size}"),
            new XAttribute("role", "img"),
            new XAttribute("shape-rendering", "crispEdges"),
            new XElement(SvgNamespace + "title", title),
            new XElement(SvgNamespace + "rect", new XAttribute("width", size), new XAttribute("height", size), new XAttribute("fill", "#fff")),
            new XElement(SvgNamespace + "path", new XAttribute("d", DarkModules(modules)), new XAttribute("fill", "#000")));
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Each horizontal run of dark modules as one closed rectangle, "M x y h run v 1 h -run z".</summary>
    private static string DarkModules(List<System.Collections.BitArray> modules)
    {
        var path = new StringBuilder();
        for (var y = 0; y < modules.Count; y++)
        {
            var row = modules[y];
            var x = 0;
            while (x < row.Length)
            {
                if (!row[x])
                {
                    x++;
                    continue;
                }

                var start = x;
                while (x < row.Length && row[x])
                {
                    x++;
                }

                path.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{x - start}v1h-{x - start}z");
            }
        }

        return path.ToString();
    }
}
