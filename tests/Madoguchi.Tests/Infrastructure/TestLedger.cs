using Madoguchi.Ledger;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>Ledger rows put in through the real import, as the national data would be.</summary>
public static class TestLedger
{
    /// <summary>The national file's five columns, the ones most tests write their rows in.</summary>
    public const string Columns = "管理番号,氏名,生年月日,性別,住所";

    public static Task<LedgerImportSummary> ImportAsync(MadoguchiDb db, TimeProvider clock, IEnumerable<string> rows) =>
        ImportAsync(db, clock, Columns, rows);

    public static async Task<LedgerImportSummary> ImportAsync(MadoguchiDb db, TimeProvider clock, string columns, IEnumerable<string> rows, string fileName = "cards.csv")
    {
        var csv = string.Concat(rows.Prepend(columns).Select(r => r + "\r\n"));
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await new ImportLedgerFile(db, clock, TestAudit.Trail(clock)).RunAsync(file, fileName, new LedgerImportOptions("test"));
    }

    /// <summary>Rows for <paramref name="count"/> cards named 試験　{i}郎, all born on <paramref name="birth"/>.</summary>
    public static IEnumerable<string> Numbered(int count, Func<int, string> card, string birth = "1980-01-01") =>
        Enumerable.Range(0, count).Select(i => FormattableString.Invariant($"{card(i)},試験　{i}郎,{birth},男,上田市"));
}
