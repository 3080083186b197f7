namespace Madoguchi.Ledger;

public static class LedgerMessages
{
    public const string NameMissing = "氏名が空欄です。国から届いたデータの該当行を確認してください。";
    public const string NameTooLong = "氏名が長すぎます（100文字まで）。データを確認してください。";
    public const string AddressMissing = "住所が空欄です。国から届いたデータの該当行を確認してください。";
    public const string AddressTooLong = "住所が長すぎます（200文字まで）。データを確認してください。";
    public const string BirthDateInFuture = "生年月日が今日より後の日付です。データを確認してください。";
    public const string KindUnknown = "申請区分は「新規」「再交付」「更新」のいずれかにしてください。";
    public const string Garbled = "文字が正しく読めません（文字化け）。ファイルの文字コード（UTF-8 か Shift_JIS）を確かめ、取込画面で文字コードを指定してやり直してください。";
    public const string ConflictInLedger =
        "この管理番号は交付管理簿に別の内容で登録済みのため、上書きしていません。国のデータと管理簿を照合し、訂正が必要なら係長に相談してください。";
    public const string ConflictInFile =
        "同じファイル内に同じ管理番号で内容の異なる行があるため、最初の行だけを取り込みました。国のデータを確認してください。";

    public static string FieldCount(int expected, int actual) =>
        $"列の数が見出し行と合いません（見出し {expected} 列、この行 {actual} 列）。区切りのカンマや引用符を確認してください。";
}
