namespace Madoguchi.Ledger.Parsing;

public static class SexCode
{
    public const string FormatError = "性別は「男」「女」、または「1」（男）「2」（女）で入力してください。";

    public static bool TryParse(string? input, out Sex sex)
    {
        Sex? parsed = input.AsSpan().Trim() switch
        {
            "男" or "男性" or "1" or "１" => Sex.Male,
            "女" or "女性" or "2" or "２" => Sex.Female,
            _ => null,
        };
        sex = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }

    public static string ToJapanese(Sex sex)
    {
        return sex switch
        {
            Sex.Male => "男",
            Sex.Female => "女",
            _ => throw new ArgumentOutOfRangeException(nameof(sex), sex, null),
        };
    }
}
