using Madoguchi.Exports;

namespace Madoguchi.Statistics;

/// <summary>The dashboard's and the forecast's figures as tables, the same the pages show, for CSV and Excel.</summary>
public static class StatisticsTables
{
    public static readonly IReadOnlyList<string> FigureHeaders =
        ["提供した席", "予約された席", "予約（件）", "予約率", "予約での交付（枚）", "予約なしの交付（枚）", "交付の計（枚）", "来庁なし（件）", "未処理（件）", "取消（件）", "閉鎖（件）"];

    /// <summary>Each table of the dashboard by the name its CSV is asked for.</summary>
    public static IReadOnlyList<(string Code, ExportTable Table)> Of(CounterReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var kind = report.Request.Period.Japanese();
        return
        [
            ("periods", ExportTable.Of($"{kind}ごと", ["開始日", "終了日", .. FigureHeaders], report.Periods, p => [p.Start, p.End, .. Row(p.Figures)])),
            ("places", ExportTable.Of("交付場所ごと", ["交付場所", .. FigureHeaders], report.ByPlace, p => [p.Name, .. Row(p.Figures)])),
            ("counters", ExportTable.Of("窓口ごと", ["交付場所", "窓口", "来庁を記録した予約（件）", "予約での交付（枚）", "予約なしの交付（枚）", "交付の計（枚）", "未処理（件）"], report.ByCounter,
                c => [c.PlaceName, c.Counter, c.CheckedIn, c.IssuedWithBooking, c.IssuedWalkIn, c.Issued, c.Unmarked])),
            ("hours", ExportTable.Of("時間帯ごと", ["時間帯", "交付（枚）", "予約された席"], report.Hours, h => [$"{h.Hour}時台", h.Issued, h.SeatsBooked])),
            ("cancellations", ExportTable.Of("取消の内訳", ["取り消した人", "取消（件）", "空いた席"], report.Cancellations, c => [c.Japanese, c.Bookings, c.Seats])),
            ("year", ExportTable.Of("年度の予約の割合", ["年度", "開始日", "終了日", "予約での交付（枚）", "交付の計（枚）", "予約の割合"], [report.Year],
                y => [$"{y.FiscalYear}年度", y.From, y.To, y.WithBooking, y.Total, y.Share])),
            ("waiting", Waiting(report.Waiting)),
        ];
    }

    public static ExportTable Waiting(WaitingReport waiting)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        return ExportTable.Of("交付待ちのカード", ["到着からの日数", "最短（日）", "最長（日）", "カード（枚）"], waiting.Ages, a => [a.Label, a.FromDays, a.ToDays, a.Cards]);
    }

    public static ExportTable Forecast(Forecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return ExportTable.Of("今後の見込み", ["開始日", "終了日", "週初めの交付待ち（枚）", "到着の見込み（枚）", "需要の見込み（枚）", "提供する席", "予約済みの席", "席の過不足", "判定"], forecast.Weeks,
            w => [w.From, w.To, w.WaitingAtStart, w.ExpectedArrivals, w.Demand, w.SeatsOffered, w.SeatsBooked, w.Balance, w.Short ? "不足" : "足りる"]);
    }

    private static IEnumerable<object?> Row(Figures f) =>
        [f.SeatsOffered, f.SeatsBooked, f.Bookings, f.Booked, f.IssuedWithBooking, f.IssuedWalkIn, f.Issued, f.NoShows, f.Unmarked, f.Cancellations, f.Closures];
}
