namespace Madoguchi.Exports;

/// <summary>
/// A list or a statistic ready to be saved for Excel: one header row in Japanese and rows of plain
/// values (text, whole numbers, shares, dates, instants). The same table becomes a CSV
/// (<see cref="TableCsv"/>) or a sheet of an .xlsx workbook (<see cref="TableXlsx"/>).
/// </summary>
/// <param name="Name">The sheet's name (31 characters at most; Excel forbids <c>[]:*?/\</c>).</param>
public sealed record ExportTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    public static ExportTable Of<T>(string name, IReadOnlyList<string> headers, IEnumerable<T> items, Func<T, IReadOnlyList<object?>> row) =>
        new(name, headers, [.. items.Select(row)]);
}

/// <summary>A share written as a percentage, e.g. 0.625 → 62.5%.</summary>
public readonly record struct Share(double Value)
{
    public static Share Of(long part, long whole) => new(whole == 0 ? 0 : (double)part / whole);

    public override string ToString() => (Value * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
