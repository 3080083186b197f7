using System.Globalization;

using Madoguchi.Counter.Closures;

namespace Madoguchi.Ledger.Unclaimed;

/// <summary>A list of waiting cards as CSV for Excel (the caller writes UTF-8 with a BOM); written as it is read.</summary>
public static class UnclaimedCsv
{
    public const string Header = "管理番号,氏名,生年月日,住所,到着日,待っている日数";

    public static async Task<int> WriteAsync(IAsyncEnumerable<UnclaimedCard> cards, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cards);
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(Header + "\r\n");
        var rows = 0;
        await foreach (var c in cards.WithCancellation(cancellationToken))
        {
            string[] fields =
            [
                c.ManagementNumber,
                c.Name,
                c.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                c.Address,
                c.ArrivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                c.DaysWaiting.ToString(CultureInfo.InvariantCulture),
            ];
            await writer.WriteAsync(string.Join(',', fields.Select(CallListCsv.Field)) + "\r\n");
            rows++;
        }

        return rows;
    }
}
