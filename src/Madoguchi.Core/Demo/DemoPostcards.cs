namespace Madoguchi.Demo;

/// <summary>A fictional postcard (交付通知書) of training mode, the same on every machine and every day.</summary>
public sealed record DemoPostcard(string Number, string Name, DateOnly Birth, string Sex, string Address);

/// <summary>
/// The postcards the README and the public top page name for trying the booking pages. They are
/// added to the synthetic ledger with fixed numbers and dates of birth (the synthetic cards' dates
/// depend on the day the ledger was made), and the seeded bookings never use them.
/// </summary>
public static class DemoPostcards
{
    public static readonly IReadOnlyList<DemoPostcard> All =
    [
        new("REN-000001", "練習　太郎", new DateOnly(1980, 4, 1), "男", "長野県上田市大手一丁目1番1号"),
        new("REN-000002", "練習　花子", new DateOnly(1982, 5, 15), "女", "長野県上田市大手一丁目1番1号"),
        new("REN-000003", "練習　陽菜", new DateOnly(2012, 8, 20), "女", "長野県上田市大手一丁目1番1号"),
        new("REN-000004", "試験　一郎", new DateOnly(1955, 11, 3), "男", "長野県上田市上丸子100番地"),
        new("REN-000005", "試験　さくら", new DateOnly(1998, 2, 10), "女", "長野県上田市中央二丁目2番2号"),
    ];

    /// <summary>The rows to append to the synthetic ledger's CSV (same columns as <see cref="Ledger.SyntheticLedger.Header"/>).</summary>
    public static void WriteCsvRows(TextWriter writer, DateOnly today)
    {
        var arrived = today.AddDays(-14);
        foreach (var card in All)
        {
            writer.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{card.Number},{card.Name},{card.Birth:yyyy-MM-dd},{card.Sex},{card.Address},新規,{arrived:yyyy-MM-dd}\r\n"));
        }
    }
}
