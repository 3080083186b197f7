using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Ledger;

/// <summary>
/// One manufactured card in the issuance ledger (交付管理簿). It holds exactly the five items the
/// review board approved (氏名, 生年月日, 住所, 性別, 管理番号) plus process data: status, dates and
/// the import that brought it. Nothing else may be added here.
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }

    public required string ManagementNumber { get; set; }

    public required string Name { get; set; }

    public DateOnly BirthDate { get; set; }

    /// <summary>The card key's digest of number and birth date; the public zone checks against it.</summary>
    public required string BirthDigest { get; set; }

    public Sex Sex { get; set; }

    public required string Address { get; set; }

    public ApplicationKind Kind { get; set; }

    public DateOnly ArrivedOn { get; set; }

    public CardStatus Status { get; set; }

    public DateTimeOffset StatusChangedAt { get; set; }

    public long ImportId { get; set; }

    public int ImportLine { get; set; }
}

/// <summary>A change of a ledger entry's status made by staff (destroyed, withdrawn, issue corrected), with its reason.</summary>
public sealed class LedgerStatusChange
{
    public long Id { get; set; }

    public long EntryId { get; set; }

    public CardStatus From { get; set; }

    public CardStatus To { get; set; }

    public required string Reason { get; set; }

    public int StaffId { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

public enum CardStatus
{
    Ready = 1,
    Issued = 2,
    Destroyed = 3,
    Withdrawn = 4,
}

public enum ApplicationKind
{
    New = 1,
    Reissue = 2,
    Renewal = 3,
}

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
