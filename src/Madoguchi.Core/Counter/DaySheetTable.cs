using Madoguchi.Exports;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Counter;

/// <summary>The day's list of a place for Excel: one row per card of each booking in time order, then the cards handed over without a booking.</summary>
public static class DaySheetTable
{
    public static readonly IReadOnlyList<string> Headers =
        ["日付", "時刻", "予約番号", "人数", "状態", "窓口", "管理番号", "氏名", "生年月日", "性別", "住所", "交付"];

    public static ExportTable Of(DaySheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var b in sheet.Bookings)
        {
            var time = $"{CounterWords.Time(b.Start)}〜{CounterWords.Time(b.End)}";
            var counter = b.Counter is { } n ? $"窓口{n}" : null;
            if (b.Cards.Count == 0)
            {
                rows.Add([sheet.Day, time, b.Code, b.People, CounterWords.Status(b.Status), counter, null, null, null, null, null, null]);
            }

            foreach (var card in b.Cards)
            {
                var e = card.Entry;
                var issued = card.Issue is { } i ? $"交付済 {CounterWords.Time(i.Issue.IssuedAt)}" : e?.Status.Japanese();
                var own = card.Start is { } at ? $"{CounterWords.Time(at)}〜{CounterWords.Time(card.End!.Value)}" : time;
                rows.Add([sheet.Day, own, b.Code, b.People, CounterWords.Status(b.Status), counter, card.ManagementNumber, e?.Name, e?.BirthDate, e is null ? null : SexCode.ToJapanese(e.Sex), e?.Address, issued]);
            }
        }

        foreach (var w in sheet.WalkIns)
        {
            var issue = w.Issued.Issue;
            var e = w.Entry;
            var issued = $"交付済 {CounterWords.Time(issue.IssuedAt)}{(issue.CorrectedAt is null ? "" : "（訂正済）")}";
            rows.Add([sheet.Day, CounterWords.Time(issue.IssuedAt), "予約なし", 1, "交付済", $"窓口{issue.Counter}", issue.ManagementNumber, e?.Name, e?.BirthDate, e is null ? null : SexCode.ToJapanese(e.Sex), e?.Address, issued]);
        }

        return new ExportTable($"{sheet.Place.Name} {sheet.Day:yyyy-MM-dd}", Headers, rows);
    }
}
