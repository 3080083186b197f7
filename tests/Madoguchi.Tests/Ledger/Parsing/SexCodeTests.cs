using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Tests.Ledger.Parsing;

public class SexCodeTests
{
    [Theory]
    [InlineData("男", Sex.Male)] // the ledger's usual word
    [InlineData("女", Sex.Female)]
    [InlineData("男性", Sex.Male)] // written out in full
    [InlineData("女性", Sex.Female)]
    [InlineData("1", Sex.Male)] // the national code: 1 is male
    [InlineData("2", Sex.Female)] // the national code: 2 is female
    [InlineData("１", Sex.Male)] // full-width code
    [InlineData("２", Sex.Female)]
    [InlineData(" 男 ", Sex.Male)] // spaces around
    [InlineData("\u3000女性\u3000", Sex.Female)] // full-width spaces around
    public void Accepts(string input, Sex expected)
    {
        Assert.True(SexCode.TryParse(input, out Sex sex));
        Assert.Equal(expected, sex);
    }

    [Theory]
    [InlineData(null)] // missing cell
    [InlineData("")] // empty cell
    [InlineData("0")] // 0 means unknown in some codings; not a valid ledger value
    [InlineData("3")] // out of range code
    [InlineData("9")] // "not applicable" in ISO 5218
    [InlineData("M")] // English abbreviations are not used by the national file
    [InlineData("F")]
    [InlineData("男女")] // both
    [InlineData("男 性")] // space inside the word
    [InlineData("おとこ")] // kana spelling
    public void Rejects(string? input)
    {
        Assert.False(SexCode.TryParse(input, out Sex sex));
        Assert.Equal(default, sex);
    }

    [Theory]
    [InlineData(Sex.Male, "男")]
    [InlineData(Sex.Female, "女")]
    public void Writes_the_one_character_form(Sex sex, string expected)
    {
        Assert.Equal(expected, SexCode.ToJapanese(sex));
    }

    [Fact]
    public void Refuses_to_write_an_undefined_value()
    {
        // 0 is default(Sex): what an uninitialized field would hold.
        Assert.Throws<ArgumentOutOfRangeException>(() => SexCode.ToJapanese(default));
    }

    [Fact]
    public void Enum_values_match_the_national_codes()
    {
        Assert.Equal(1, (int)Sex.Male);
        Assert.Equal(2, (int)Sex.Female);
    }
}
