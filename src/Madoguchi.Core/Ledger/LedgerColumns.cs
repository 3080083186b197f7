using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Ledger;

public static class LedgerColumns
{
    public const string ManagementNumber = "管理番号";
    public const string Name = "氏名";
    public const string BirthDate = "生年月日";
    public const string Sex = "性別";
    public const string Address = "住所";
    public const string Kind = "申請区分";
    public const string ArrivedOn = "到着日";
    public const string WholeRow = "(行全体)";

    public static readonly string[] Required = [ManagementNumber, Name, BirthDate, Sex, Address];
    public static readonly string[] Optional = [Kind, ArrivedOn];
}
