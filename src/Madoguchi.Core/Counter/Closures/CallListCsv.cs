using System.Globalization;

using Madoguchi.Booking;

namespace Madoguchi.Counter.Closures;

/// <summary>
/// A call list as CSV for Excel: a header row in Japanese, CRLF line ends, fields quoted when
/// needed. The caller writes UTF-8 with a BOM so that Excel reads the Japanese. A field that
/// Excel would take for a formula (=, +, -, @) starts with an apostrophe.
/// </summary>
public static class CallListCsv
{
    public const string Header = "日付,時刻,交付場所,予約番号,人数,氏名,電話番号,メール,連絡,メモ,記録した職員,記録日時";

    public static async Task WriteAsync(CallList list, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(Header + "\r\n");
        foreach (var line in list.Lines)
        {
            var b = line.Booking;
            var start = b?.Start.ToCityTime();
            string?[] fields =
            [
                start?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                start?.ToString("HH:mm", CultureInfo.InvariantCulture),
                line.PlaceName,
                b?.Code,
                b?.People.ToString(CultureInfo.InvariantCulture),
                string.Join("・", line.Names),
                b?.Phone,
                b?.Email,
                line.Status.Japanese(),
                line.Note,
                line.StaffName,
                line.UpdatedAt?.ToCityTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            ];
            await writer.WriteAsync(string.Join(',', fields.Select(Field)) + "\r\n");
        }
    }

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

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
