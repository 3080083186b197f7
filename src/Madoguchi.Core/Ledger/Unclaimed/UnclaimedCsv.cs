using Madoguchi.Exports;

namespace Madoguchi.Ledger.Unclaimed;

/// <summary>A list of waiting cards for Excel: CSV written as it is read (see <see cref="TableCsv"/>), or a sheet of an .xlsx workbook.</summary>
public static class UnclaimedCsv
{
    public static readonly IReadOnlyList<string> Headers = ["管理番号", "氏名", "生年月日", "住所", "到着日", "待っている日数"];

    public static string Header => string.Join(',', Headers);

    public static IReadOnlyList<object?> Row(UnclaimedCard c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return [c.ManagementNumber, c.Name, c.BirthDate, c.Address, c.ArrivedOn, c.DaysWaiting];
    }

    public static Task<int> WriteAsync(IAsyncEnumerable<UnclaimedCard> cards, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cards);
        return TableCsv.WriteAsync(Headers, cards.Select(Row), writer, cancellationToken);
    }
}
