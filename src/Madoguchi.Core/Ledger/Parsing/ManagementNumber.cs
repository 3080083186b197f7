namespace Madoguchi.Ledger.Parsing;

/// <summary>
/// The number printed on the issuance postcard: three letters or digits, a hyphen, six digits (A1B-123456).
/// </summary>
public static class ManagementNumber
{
    public const string FormatError = "管理番号は英数3桁-数字6桁（例: A1B-123456）で入力してください。";

    private const int Length = 10;
    private const int PrefixLength = 3;
    private const int DigitCount = 6;

    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = "";
        ReadOnlySpan<char> text = input.AsSpan().Trim();
        if (text.Length is not (Length or Length - 1))
        {
            return false;
        }

        int digitsStart = PrefixLength;
        if (text.Length == Length)
        {
            if (!IsDash(text[PrefixLength]))
            {
                return false;
            }

            digitsStart++;
        }

        Span<char> result = stackalloc char[Length];
        for (int i = 0; i < PrefixLength; i++)
        {
            // Upper-case ASCII only: Unicode rules would turn ı (dotless i) into I and ſ (long s) into S.
            char c = CharacterWidth.ToHalfWidth(text[i]);
            if (char.IsAsciiLetterLower(c))
            {
                c = (char)(c - ('a' - 'A'));
            }

            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c))
            {
                return false;
            }

            result[i] = c;
        }

        result[PrefixLength] = '-';
        for (int i = 0; i < DigitCount; i++)
        {
            char c = CharacterWidth.ToHalfWidth(text[digitsStart + i]);
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            result[PrefixLength + 1 + i] = c;
        }

        // Most numbers in a national file are already in normal form: hand back the caller's string instead of a copy.
        normalized = input!.Length == Length && text.SequenceEqual(result) ? input : new string(result);
        return true;
    }

    private static bool IsDash(char c)
    {
        return c is '-'
            or '\u30FC' // ー katakana prolonged sound mark, what an IME often produces
            or '\uFF70' // ｰ half-width prolonged sound mark
            or '\uFF0D' // － full-width hyphen-minus
            or '\u2010' // ‐ hyphen
            or '\u2011' // ‑ non-breaking hyphen
            or '\u2013' // – en dash
            or '\u2014' // — em dash
            or '\u2015' // ― horizontal bar
            or '\u2212'; // − minus sign
    }
}
