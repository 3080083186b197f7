namespace Madoguchi.Ledger;

public static class LedgerLimits
{
    public const int NameLength = 100;
    public const int AddressLength = 200;
}
