namespace Madoguchi.Ledger;

public enum CardStatus
{
    Ready = 1,
    Issued = 2,
    Destroyed = 3,
    Withdrawn = 4,
}
