using Madoguchi.Exports;

namespace Madoguchi.Counter.Closures;

/// <summary>
/// A call list for Excel: a header row in Japanese, then one row per booking to call. Written as
/// CSV (UTF-8 with a BOM, see <see cref="TableCsv"/>) or as a sheet of an .xlsx workbook.
/// </summary>
public static class CallListCsv
{
    public static readonly IReadOnlyList<string> Headers = ["日付", "時刻", "交付場所", "予約番号", "人数", "氏名", "電話番号", "メール", "連絡", "メモ", "記録した職員", "記録日時"];

    public static string Header => string.Join(',', Headers);

    public static ExportTable Table(CallList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return ExportTable.Of("連絡の一覧", Headers, list.Lines, line =>
        {
            var b = line.Booking;
            var start = b?.Start.ToCityTime();
            return
            [
                start is { } s ? DateOnly.FromDateTime(s.DateTime) : null,
                start?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                line.PlaceName,
                b?.Code,
                b?.People,
                string.Join("・", line.Names),
                b?.Phone,
                b?.Email,
                line.Status.Japanese(),
                line.Note,
                line.StaffName,
                line.UpdatedAt,
            ];
        });
    }

    public static Task WriteAsync(CallList list, TextWriter writer) => TableCsv.WriteAsync(Table(list), writer);

    /// <summary>Kept for callers written before <see cref="TableCsv"/>; the rules live there.</summary>
    public static string Field(string? value) => TableCsv.Field(value);
}
