using ClosedXML.Excel;

namespace Madoguchi.Exports;

/// <summary>
/// Tables as an Excel workbook (.xlsx), one sheet each: a bold header row that stays in view,
/// numbers as numbers, dates as dates, instants in Japan time. Text is stored as text, so a value
/// such as <c>=1+1</c> or <c>090-1234-5678</c> is never read as a formula or a number.
/// </summary>
public static class TableXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A workbook is built in memory; a list longer than this is saved as CSV, which streams.</summary>
    public const int MostRows = 100_000;

    public static byte[] Bytes(params IReadOnlyList<ExportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        using var workbook = new XLWorkbook();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables)
        {
            var sheet = workbook.Worksheets.Add(SheetName(table.Name, names));
            for (var c = 0; c < table.Headers.Count; c++)
            {
                var cell = sheet.Cell(1, c + 1);
                cell.SetValue(table.Headers[c]);
                cell.DataType = XLDataType.Text;
                cell.Style.Font.Bold = true;
                cell.Style.Fill.BackgroundColor = XLColor.FromHtml("#F3F3F3");
                // Column widths are set by hand: measuring text would need the machine's fonts.
                sheet.Column(c + 1).Width = Math.Clamp(table.Headers[c].Length * 2.2 + 2, 10, 40);
            }

            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                for (var c = 0; c < row.Count; c++)
                {
                    Put(sheet.Cell(r + 2, c + 1), row[c]);
                }
            }

            sheet.SheetView.FreezeRows(1);
            sheet.PageSetup.PaperSize = XLPaperSize.A4Paper;
            sheet.PageSetup.SetRowsToRepeatAtTop(1, 1);
            sheet.PageSetup.FitToPages(1, 0);
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void Put(IXLCell cell, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                cell.SetValue(text);
                cell.DataType = XLDataType.Text;
                break;
            case int or long or short or byte:
                cell.SetValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                cell.Style.NumberFormat.Format = "#,##0";
                break;
            case double or decimal or float:
                cell.SetValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case Share share:
                cell.SetValue(share.Value);
                cell.Style.NumberFormat.Format = "0.0%";
                break;
            case DateOnly day:
                cell.SetValue(day.ToDateTime(TimeOnly.MinValue));
                cell.Style.DateFormat.Format = "yyyy-mm-dd";
                break;
            case DateTimeOffset instant:
                cell.SetValue(instant.ToCityTime().DateTime);
                cell.Style.DateFormat.Format = "yyyy-mm-dd hh:mm";
                break;
            default:
                cell.SetValue(value.ToString());
                cell.DataType = XLDataType.Text;
                break;
        }
    }

    /// <summary>Excel's rules for a sheet name: 31 characters, none of []:*?/\, unique in the workbook.</summary>
    private static string SheetName(string name, HashSet<string> taken)
    {
        var clean = new string([.. name.Select(ch => ch is '[' or ']' or ':' or '*' or '?' or '/' or '\\' ? '・' : ch)]).Trim('\'');
        clean = string.IsNullOrWhiteSpace(clean) ? "表" : clean;
        clean = clean.Length > 31 ? clean[..31] : clean;
        var unique = clean;
        for (var n = 2; !taken.Add(unique); n++)
        {
            var suffix = $" ({n})";
            unique = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }

        return unique;
    }
}
