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

public enum ApplicationKind
{
    New = 1,
    Reissue = 2,
    Renewal = 3,
}
