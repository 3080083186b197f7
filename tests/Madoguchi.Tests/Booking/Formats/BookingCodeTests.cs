using Madoguchi.Booking.Formats;

namespace Madoguchi.Tests.Booking.Formats;

public sealed class BookingCodeTests
{
    private const string Alphabet = "34679ACDEFGHJKMNPQRTUVWXY";

    // Worked out by hand with the weights 4 3 2 1 4 3 2 from the left: the check character is "A".
    private const string Known = "3C7K-9HQA";

    [Fact]
    public void A_new_code_is_two_groups_of_four_and_round_trips()
    {
        var code = BookingCode.New();

        Assert.Matches("^[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$", code);
        Assert.True(BookingCode.TryNormalize(code, out var normalized));
        Assert.Equal(code, normalized);
    }

    [Theory]
    [InlineData("3C7K-9HQA")] // the normal form itself
    [InlineData("3c7k-9hqa")] // lower case, as a phone keyboard starts
    [InlineData("3C7K9HQA")] // without the hyphen
    [InlineData("３Ｃ７Ｋ－９ＨＱＡ")] // full-width from a Japanese input method
    [InlineData("３ｃ７ｋー９ｈｑａ")] // full-width lower case with the long vowel mark for the hyphen
    [InlineData("3C7K 9HQA")] // a space where the hyphen was
    [InlineData(" 3C7K–9HQA ")] // an en dash and spaces around it, pasted from a mail
    [InlineData("3C-7K-9H-QA")] // read aloud in pairs and typed that way
    public void Accepts_the_ways_a_code_is_typed(string input)
    {
        Assert.True(BookingCode.TryNormalize(input, out var code));
        Assert.Equal(Known, code);
    }

    [Theory]
    [InlineData(null)] // no input at all
    [InlineData("")] // empty field
    [InlineData("3C7K-9HQ")] // a character left out
    [InlineData("3C7K-9HQAA")] // a character too many
    [InlineData("3C7K-9HQO")] // O is outside the alphabet, so are 0, 1, I, L, 2, Z, 5, S, 8 and B
    [InlineData("3C7K-9HQ0")]
    [InlineData("3C7K-9HQB")]
    [InlineData("3C7K-9HQ6")] // right characters, wrong check character
    [InlineData("C37K-9HQA")] // the first two swapped
    [InlineData("3C7K_9HQA")] // underscore is not a dash
    public void Rejects_codes_with_wrong_characters_or_check(string? input)
    {
        Assert.False(BookingCode.TryNormalize(input, out var code));
        Assert.Equal("", code);
    }

    [Fact]
    public void Every_single_character_substitution_fails_the_check()
    {
        // 8 positions × 24 other characters: a mistyped code must never turn into another valid one.
        var characters = Known.Replace("-", "", StringComparison.Ordinal);
        for (var position = 0; position < characters.Length; position++)
        {
            foreach (var other in Alphabet.Where(c => c != characters[position]))
            {
                var typed = characters[..position] + other + characters[(position + 1)..];
                Assert.False(BookingCode.TryNormalize(typed, out _), typed);
            }
        }
    }

    [Fact]
    public void Every_swap_of_two_different_characters_up_to_three_apart_fails_the_check()
    {
        // Swapping neighbours is the other common slip when typing; codes are random, so try a few hundred.
        for (var n = 0; n < 300; n++)
        {
            var characters = BookingCode.New().Replace("-", "", StringComparison.Ordinal).ToCharArray();
            for (var i = 0; i < characters.Length; i++)
            {
                for (var j = i + 1; j < characters.Length && j <= i + 3; j++)
                {
                    if (characters[i] == characters[j])
                    {
                        continue;
                    }

                    var swapped = (char[])characters.Clone();
                    (swapped[i], swapped[j]) = (swapped[j], swapped[i]);
                    Assert.False(BookingCode.TryNormalize(new string(swapped), out _), new string(swapped));
                }
            }
        }
    }

    [Fact]
    public void Ten_thousand_new_codes_are_valid_distinct_and_use_the_whole_alphabet()
    {
        var codes = Enumerable.Range(0, 10_000).Select(_ => BookingCode.New()).ToList();

        Assert.All(codes, static code => Assert.True(BookingCode.TryNormalize(code, out _), code));

        // 25^7 ≈ 6.1 billion codes: among 10,000 one pair coincides with probability about 1 in 120 (birthday
        // bound), two pairs with about 1 in 30,000. Allowing one pair keeps the test from failing by chance;
        // the booking store must still refuse a duplicate and draw again.
        Assert.InRange(codes.Distinct().Count(), codes.Count - 1, codes.Count);

        // Each of the seven random positions should see all 25 characters (about 400 times each).
        for (var position = 0; position < 7; position++)
        {
            var index = position < 4 ? position : position + 1;
            Assert.Equal(Alphabet.Length, codes.Select(code => code[index]).Distinct().Count());
        }
    }

    [Fact]
    public void The_example_in_the_message_is_a_valid_code()
    {
        // The message shows a code; it must not be one the form would turn down.
        Assert.Contains(Known, BookingCode.FormatError, StringComparison.Ordinal);
    }
}
