namespace Madoguchi.Audit;

/// <summary>The audit log's words in Japanese for the 監査 pages.</summary>
public static class AuditWords
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["staff.signin"] = "サインイン",
        ["staff.signin.recovery"] = "回復コードでのサインイン",
        ["staff.signin.failed"] = "サインインの失敗",
        ["staff.signout"] = "サインアウト",
        ["staff.lockout"] = "アカウントの一時停止",
        ["staff.reauth"] = "パスワードの再入力",
        ["staff.reauth.failed"] = "パスワードの再入力の失敗",
        ["staff.setup"] = "初回の設定",
        ["staff.create"] = "職員アカウントの作成",
        ["staff.accounts.view"] = "職員アカウントの一覧の表示",
        ["staff.change"] = "職員アカウントの変更",
        ["staff.change.stop"] = "職員アカウントの停止",
        ["access.denied"] = "権限のないページへのアクセス",
        ["ledger.search"] = "交付管理簿の検索",
        ["ledger.entry.view"] = "交付管理簿の記録の表示",
        ["ledger.import"] = "国データの取込",
        ["ledger.import.preview"] = "国データの取込の確認",
        ["ledger.import.report.view"] = "取込の結果の表示",
        ["export.ledger.importreport"] = "取込の結果の書き出し",
        ["counter.daylist.view"] = "当日の予約一覧の表示",
        ["print.counter.daylist"] = "当日の予約一覧の印刷",
        ["counter.find"] = "窓口での呼び出し",
        ["counter.booking.view"] = "窓口での予約の表示",
        ["counter.checkin"] = "来庁の記録",
        ["counter.issue.check"] = "交付前の照合",
        ["counter.issue"] = "交付",
        ["counter.walkin"] = "予約なしの交付",
        ["counter.noshow"] = "来庁なしの記録",
        ["counter.correction.view"] = "交付の訂正の表示",
        ["counter.correct"] = "交付の訂正",
        ["booking.search"] = "予約の検索",
        ["booking.view"] = "予約の表示",
        ["booking.create.phone"] = "電話での予約の代行",
        ["booking.change"] = "予約の日時の変更",
        ["booking.cancel.phone"] = "電話での予約の取り消し",
        ["booking.cancel.closure"] = "閉鎖による予約の取り消し",
        ["closure.add"] = "休業日・閉鎖の追加",
        ["closure.remove"] = "休業日・閉鎖の削除",
        ["closure.calls.view"] = "閉鎖の連絡一覧の表示",
        ["closure.call.mark"] = "連絡の記録",
        ["closure.move"] = "閉鎖分の予約の移動",
        ["print.closure.calls"] = "閉鎖の連絡一覧の印刷",
        ["export.closure.calls"] = "閉鎖の連絡一覧の書き出し",
        ["place.change"] = "交付場所の変更",
        ["calendar.holidays.import"] = "祝日の取込",
        ["unclaimed.view"] = "未受取のカードの一覧の表示",
        ["unclaimed.destroy"] = "未受取のカードの廃棄",
        ["unclaimed.withdraw"] = "未受取のカードの取消",
        ["export.unclaimed"] = "未受取のカードの一覧の書き出し",
        ["purge"] = "保存期間を過ぎたデータの削除",
        ["audit.search"] = "監査ログの検索",
        ["audit.summary.view"] = "監査ログの集計の表示",
        ["audit.verify"] = "監査ログの検証",
        ["export.audit.entries"] = "監査ログの書き出し",
        ["export.audit.checkpoints"] = "チェックポイントの書き出し",
        ["export.audit.entries.xlsx"] = "監査ログの書き出し（Excel）",
        ["export.closure.calls.xlsx"] = "閉鎖の連絡一覧の書き出し（Excel）",
        ["export.ledger.search.csv"] = "交付管理簿の検索結果の書き出し（CSV）",
        ["export.ledger.search.xlsx"] = "交付管理簿の検索結果の書き出し（Excel）",
        ["card.locks.view"] = "止まっているカードの一覧の表示",
        ["card.unlock"] = "止まっているカードの解除",
        ["mail.view"] = "送信メールの表示",
        ["mail.resend"] = "メールの再送",
        ["ledger.rekey"] = "カードの照合キーの更新",
        ["training.reset"] = "練習データのやり直し",
        ["db.backup"] = "データベースのバックアップ",
        ["db.restore"] = "データベースの復元",
        ["db.migrate"] = "データベースの更新（マイグレーション）",
    };

    /// <summary>The action's Japanese name when known, else null (the page shows the action as written).</summary>
    public static string? Action(string action) => Actions.GetValueOrDefault(action);

    public static string Outcome(string outcome) => outcome switch
    {
        AuditOutcome.Ok => "成功",
        AuditOutcome.Refused => "拒否",
        AuditOutcome.Failed => "失敗",
        _ => outcome,
    };

    public static string? Role(string? role) =>
        Enum.TryParse<Madoguchi.Staff.StaffRole>(role, out var r) && Enum.IsDefined(r) ? Madoguchi.Staff.StaffWords.Japanese(r) : role;
}
