namespace Madoguchi.Ledger.Parsing;

internal static class CharacterWidth
{
    /// <summary>
    /// Maps full-width ASCII variants (ＡＢＣ１２３／．－ and the like) and the ideographic space to their half-width form;
    /// every other character is returned unchanged.
    /// </summary>
    public static char ToHalfWidth(char c)
    {
        return c switch
        {
            >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
            '\u3000' => ' ',
            _ => c,
        };
    }
}
