using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Ledger;

/// <summary>A row of a national file that passed every format rule, in the ledger's normal forms.</summary>
public readonly record struct LedgerRow(
    int Line,
    string ManagementNumber,
    string Name,
    DateOnly BirthDate,
    Sex Sex,
    string Address,
    ApplicationKind Kind,
    DateOnly ArrivedOn)
{
    public bool SamePersonalData(string name, DateOnly birthDate, Sex sex, string address) =>
        Name == name && BirthDate == birthDate && Sex == sex && Address == address;

    public string DifferingColumns(string name, DateOnly birthDate, Sex sex, string address)
    {
        var columns = new List<string>(4);
        if (Name != name)
        {
            columns.Add(LedgerColumns.Name);
        }

        if (BirthDate != birthDate)
        {
            columns.Add(LedgerColumns.BirthDate);
        }

        if (Sex != sex)
        {
            columns.Add(LedgerColumns.Sex);
        }

        if (Address != address)
        {
            columns.Add(LedgerColumns.Address);
        }

        return string.Join("・", columns);
    }
}
