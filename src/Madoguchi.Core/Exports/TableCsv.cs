using System.Globalization;
using System.Text;

namespace Madoguchi.Exports;

/// <summary>
/// CSV for Excel in Japan (RFC 4180): a header row, CRLF line ends, a field quoted when it holds a
/// comma, a quote or a line break. The file starts with the UTF-8 byte order mark, without which
/// Excel reads the Japanese as Shift_JIS. A field that Excel would take for a formula
/// (=, +, -, @, tab, CR) starts with an apostrophe. Every CSV of the office zone is written here.
/// </summary>
public static class TableCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>UTF-8 with the byte order mark.</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static async Task<int> WriteAsync(IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(Line(headers));
        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Line(row));
            count++;
        }

        return count;
    }

    public static async Task WriteAsync(ExportTable table, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(Line(table.Headers));
        foreach (var row in table.Rows)
        {
            await writer.WriteAsync(Line(row));
        }
    }

    /// <summary>The whole file as bytes, byte order mark first.</summary>
    public static async Task<byte[]> BytesAsync(ExportTable table)
    {
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await WriteAsync(table, text);
        return [.. Encoding.GetPreamble(), .. Encoding.GetBytes(text.ToString())];
    }

    public static string Line<T>(IEnumerable<T> values) => string.Join(',', values.Select(v => Cell(v))) + "\r\n";

    /// <summary>One value as a field: only text can start like a formula; a number such as -3 is written as it is.</summary>
    public static string Cell(object? value) => value is null or string ? Field((string?)value) : Quoted(Text(value) ?? "");

    /// <summary>How a value reads in a CSV: dates as 2027-02-24, instants in Japan time as 2027-02-24 09:15.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToCityTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return Quoted(value);
    }

    private static string Quoted(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
