namespace Madoguchi.Booking.Formats;

/// <summary>How citizens type codes and numbers with a Japanese keyboard or input method.</summary>
internal static class TypedText
{
    private const char FullWidthFirst = '\uFF01';
    private const char FullWidthLast = '\uFF5E';
    private const int FullWidthOffset = FullWidthFirst - '!';

    /// <summary>Maps full-width ASCII (ＡＢＣ, ０１２, ＠, ．, －, （）) to ASCII and the ideographic space to a space.</summary>
    public static string Narrow(string text)
    {
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    >= FullWidthFirst and <= FullWidthLast => (char)(c - FullWidthOffset),
                    '\u3000' => ' ',
                    _ => c,
                };
            }
        });
    }

    /// <summary>
    /// Every character that people type or paste between groups of digits: the ASCII hyphen, the katakana
    /// long vowel mark that a Japanese input method gives for the "-" key, and the Unicode dashes and minus.
    /// </summary>
    public static bool IsDash(char c)
    {
        return c is '-' or 'ー' or 'ｰ' or '－' or '‐' or '‑' or '‒' or '–' or '—' or '―' or '−' or '─' or '﹣';
    }
}
