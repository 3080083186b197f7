namespace Madoguchi.Ledger;

public static class LedgerWords
{
    public static string Japanese(this CardStatus status) => status switch
    {
        CardStatus.Ready => "交付待ち",
        CardStatus.Issued => "交付済",
        CardStatus.Destroyed => "廃棄",
        CardStatus.Withdrawn => "取消",
        _ => status.ToString(),
    };

    public static string Japanese(this ApplicationKind kind) => kind switch
    {
        ApplicationKind.New => "新規",
        ApplicationKind.Reissue => "再交付",
        ApplicationKind.Renewal => "更新",
        _ => kind.ToString(),
    };

    public static bool TryParseKind(string text, out ApplicationKind kind)
    {
        switch (text.Trim())
        {
            case "":
            case "新規":
                kind = ApplicationKind.New;
                return true;
            case "再交付":
            case "再発行":
                kind = ApplicationKind.Reissue;
                return true;
            case "更新":
                kind = ApplicationKind.Renewal;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
