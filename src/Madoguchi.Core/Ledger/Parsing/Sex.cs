namespace Madoguchi.Ledger.Parsing;

public enum Sex
{
    Male = 1,
    Female = 2,
}
