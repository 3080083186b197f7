using Madoguchi.Booking.Phone;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;
using Madoguchi.Staff;

namespace Madoguchi.Exports;

/// <summary>The office's search results and lists as tables, the same columns their pages show, for CSV and Excel.</summary>
public static class ListTables
{
    public static ExportTable LedgerSearch(IEnumerable<LedgerEntry> entries) =>
        ExportTable.Of("交付管理簿の検索結果", ["管理番号", "氏名", "生年月日", "性別", "住所", "状態", "到着日"], entries,
            e => [e.ManagementNumber, e.Name, e.BirthDate, SexCode.ToJapanese(e.Sex), e.Address, e.Status.Japanese(), e.ArrivedOn]);

    public static ExportTable Bookings(IEnumerable<FoundBooking> bookings) =>
        ExportTable.Of("予約の検索結果", ["予約番号", "交付場所", "開始", "終了", "人数", "電話番号", "メール", "状態", "受け付けた方法", "予約した日時", "管理番号", "カードの氏名"], bookings,
            b => [b.Code, b.Place.Name, b.Start, b.End, b.People, b.Phone, b.Email, b.StatusText, b.ChannelText, b.BookedAt,
                string.Join("、", b.Cards.Select(c => c.ManagementNumber)),
                string.Join("、", b.Cards.Select(c => c.Name ?? "（交付管理簿にありません）"))]);

    /// <summary>Who has an account and may do what; never a password, authenticator key or lock-out detail beyond what the page shows.</summary>
    public static ExportTable StaffAccounts(IEnumerable<StaffAccount> accounts) =>
        ExportTable.Of("職員アカウント", ["ログイン名", "氏名", "役割", "交付場所", "状態"], accounts,
            a => [a.UserName, a.Name, a.Role.Japanese(), a.Places.Length == 0 ? "すべて" : a.Places, StaffState(a)]);

    public static string StaffState(StaffAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.LockoutEnd == DateTimeOffset.MaxValue ? "停止中" : account.NeedsSetup ? "初回設定待ち" : account.LockoutEnd > DateTimeOffset.MinValue ? "利用中（ロック履歴あり）" : "利用中";
    }
}
