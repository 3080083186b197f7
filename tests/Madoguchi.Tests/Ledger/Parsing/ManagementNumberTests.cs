using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Tests.Ledger.Parsing;

public class ManagementNumberTests
{
    [Theory]
    [InlineData("A1B-123456", "A1B-123456")] // already in normal form
    [InlineData("a1b-123456", "A1B-123456")] // lower case typed by hand
    [InlineData("A1B123456", "A1B-123456")] // hyphen left out
    [InlineData("ＡＢＣ－１２３４５６", "ABC-123456")] // all full-width, as an IME in full-width mode types it
    [InlineData("ＡＢＣ１２３４５６", "ABC-123456")] // full-width and no hyphen
    [InlineData("ａ１ｂ-123456", "A1B-123456")] // full-width lower case letters
    [InlineData("A1B-１２３４５６", "A1B-123456")] // half-width prefix, full-width digits
    [InlineData("123-000000", "123-000000")] // the prefix may be all digits and the number all zeros
    [InlineData("XYZ-999999", "XYZ-999999")] // the prefix may be all letters
    [InlineData(" A1B-123456 ", "A1B-123456")] // spaces around, from a copied cell
    [InlineData("\u3000A1B-123456\u3000", "A1B-123456")] // full-width spaces around
    [InlineData("\tA1B123456\r\n", "A1B-123456")] // tab and line break around
    public void Accepts_and_normalizes(string input, string expected)
    {
        Assert.True(ManagementNumber.TryNormalize(input, out string normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("A1B\u30FC123456")] // ー katakana prolonged sound mark
    [InlineData("A1B\uFF0D123456")] // － full-width hyphen-minus
    [InlineData("A1B\u2015123456")] // ― horizontal bar
    [InlineData("A1B\u2010123456")] // ‐ hyphen
    [InlineData("A1B\u2011123456")] // ‑ non-breaking hyphen
    [InlineData("A1B\u2013123456")] // – en dash
    [InlineData("A1B\u2014123456")] // — em dash
    [InlineData("A1B\u2212123456")] // − minus sign
    [InlineData("A1B\uFF70123456")] // ｰ half-width prolonged sound mark
    public void Accepts_each_dash_look_alike_in_place_of_the_hyphen(string input)
    {
        Assert.True(ManagementNumber.TryNormalize(input, out string normalized));
        Assert.Equal("A1B-123456", normalized);
    }

    [Fact]
    public void Returns_the_same_string_when_already_normal_so_the_common_case_does_not_allocate()
    {
        string input = "A1B-123456";

        Assert.True(ManagementNumber.TryNormalize(input, out string normalized));

        Assert.Same(input, normalized);
    }

    [Theory]
    [InlineData(null)] // missing cell
    [InlineData("")] // empty cell
    [InlineData("   ")] // only spaces
    [InlineData("A1-123456")] // prefix one character short
    [InlineData("A1BC-123456")] // prefix one character long
    [InlineData("A1B-12345")] // number one digit short
    [InlineData("A1B-1234567")] // number one digit long
    [InlineData("A1B12345")] // no hyphen and one digit short
    [InlineData("A1B-12345A")] // letter in the six-digit part
    [InlineData("A1B-O23456")] // letter O where a zero was meant
    [InlineData("A1B-12 3456")] // space inside the digits
    [InlineData("A1B123 456")] // space inside the digits, ten characters like a hyphenated number
    [InlineData("A1B--123456")] // two hyphens
    [InlineData("A-1B-123456")] // hyphen inside the prefix
    [InlineData("A1B 123456")] // space instead of a hyphen
    [InlineData("A1B・123456")] // middle dot is not a dash
    [InlineData("A1B~123456")] // tilde is not a dash
    [InlineData("A_B-123456")] // symbol in the prefix
    [InlineData("Ä1B-123456")] // letter outside A-Z
    [InlineData("ıAB-123456")] // dotless i, which Unicode upper-cases to I
    [InlineData("①1B-123456")] // circled digit is not a digit here
    [InlineData("A1B-١٢٣٤٥٦")] // Arabic-Indic digits count as digits for char.IsDigit, not for us
    [InlineData("あ1B-123456")] // kana in the prefix
    public void Rejects(string? input)
    {
        Assert.False(ManagementNumber.TryNormalize(input, out string normalized));
        Assert.Equal("", normalized);
    }

    [Fact]
    public void Format_error_shows_an_example_of_the_expected_form()
    {
        Assert.Contains("A1B-123456", ManagementNumber.FormatError);
    }
}
