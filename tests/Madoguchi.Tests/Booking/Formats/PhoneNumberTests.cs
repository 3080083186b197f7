using Madoguchi.Booking.Formats;

namespace Madoguchi.Tests.Booking.Formats;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("09012345678", "090-1234-5678")] // mobile, digits only as a phone's keypad gives them
    [InlineData("０９０－１２３４－５６７８", "090-1234-5678")] // full-width digits and dash from a Japanese input method
    [InlineData("090ー1234ー5678", "090-1234-5678")] // katakana long vowel mark, what the "-" key gives in kana mode
    [InlineData("090―1234‐5678", "090-1234-5678")] // horizontal bar and Unicode hyphen, mixed
    [InlineData("090 1234 5678", "090-1234-5678")] // spaces between the groups
    [InlineData("080-1234-5678", "080-1234-5678")] // the other mobile prefixes
    [InlineData("070-1234-5678", "070-1234-5678")]
    [InlineData("+81 90 1234 5678", "090-1234-5678")] // international writing copied from a contact card
    [InlineData("+81 (0)90-1234-5678", "090-1234-5678")] // international writing that keeps the trunk 0 in brackets
    [InlineData("＋８１９０１２３４５６７８", "090-1234-5678")] // full-width plus sign
    [InlineData("81 90 1234 5678", "090-1234-5678")] // country code without the plus
    [InlineData("(0268)22-4100", "0268-22-4100")] // Ueda landline with the area code in brackets
    [InlineData("（０２６８）２２－４１００", "0268-22-4100")] // the same in full-width
    [InlineData("0268224100", "0268-22-4100")] // Ueda landline, digits only
    [InlineData("+81 268 22 4100", "0268-22-4100")] // Ueda landline, international
    [InlineData("0312345678", "03-1234-5678")] // Tokyo, two-digit area code
    [InlineData("05012345678", "050-1234-5678")] // IP phone
    [InlineData("0120-123-456", "0120-123-456")] // toll-free, ten digits
    [InlineData("08001234567", "0800-123-4567")] // toll-free, eleven digits
    [InlineData(" 090-1234-5678　", "090-1234-5678")] // a leading space and a trailing ideographic space from pasting
    public void Accepts_common_writings_and_gives_the_national_format(string input, string expected)
    {
        Assert.True(PhoneNumber.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)] // no input at all
    [InlineData("")] // empty field
    [InlineData("   ")] // only spaces
    [InlineData("090-1234-567")] // mobile one digit short
    [InlineData("090-1234-56789")] // mobile one digit too many
    [InlineData("0268-22-410")] // landline one digit short
    [InlineData("0268-22-41000")] // landline one digit too many
    [InlineData("22-4100")] // local number without the area code
    [InlineData("090-1234-567a")] // a letter in place of a digit
    [InlineData("0120-ABC-DEF")] // keypad spelling that libphonenumber would otherwise turn into digits
    [InlineData("110")] // police, a short number
    [InlineData("119")] // fire and ambulance, a short number
    [InlineData("+1 415 555 0100")] // a valid United States number
    [InlineData("+44 20 7946 0958")] // a valid United Kingdom number
    [InlineData("020-1234-5678")] // pager and M2M range: not a line to call the citizen back on
    [InlineData("0990-123-456")] // premium rate
    [InlineData("090-1234-5678 内線12")] // an extension written in Japanese
    public void Rejects_what_is_not_a_japanese_number_to_call_back(string? input)
    {
        Assert.False(PhoneNumber.TryNormalize(input, out var normalized));
        Assert.Equal("", normalized);
    }

    [Fact]
    public void The_normal_form_is_accepted_again_unchanged()
    {
        // Stored numbers go through the form again when the citizen edits a booking.
        foreach (var number in new[] { "090-1234-5678", "0268-22-4100", "03-1234-5678", "0120-123-456", "050-1234-5678" })
        {
            Assert.True(PhoneNumber.TryNormalize(number, out var normalized));
            Assert.Equal(number, normalized);
        }
    }
}
