using System.Security.Cryptography;

namespace Madoguchi.Booking.Formats;

/// <summary>
/// The code a citizen quotes to change or cancel a booking: seven random characters and a check character,
/// written "XXXX-XXXX". The alphabet leaves out characters that look alike on paper or on a phone's screen.
/// </summary>
public static class BookingCode
{
    public const string FormatError = "予約番号は 3C7K-9HQA のような 8 文字です。予約完了の画面に表示された番号を確かめて、もう一度入力してください。";

    private const string Alphabet = "34679ACDEFGHJKMNPQRTUVWXY";
    private const int Length = 8;
    private const int DataLength = Length - 1;
    private const int GroupLength = 4;

    public static string New()
    {
        Span<char> characters = stackalloc char[Length];
        RandomNumberGenerator.GetItems(Alphabet, characters[..DataLength]);
        characters[DataLength] = Alphabet[CheckValue(characters[..DataLength])];
        return Display(characters);
    }

    public static bool TryNormalize(string? input, out string code)
    {
        code = "";
        if (input is null)
        {
            return false;
        }

        Span<char> characters = stackalloc char[Length];
        var count = 0;
        foreach (var c in TypedText.Narrow(input))
        {
            if (char.IsWhiteSpace(c) || TypedText.IsDash(c))
            {
                continue;
            }

            if (count == Length || !Alphabet.Contains(char.ToUpperInvariant(c)))
            {
                return false;
            }

            characters[count++] = char.ToUpperInvariant(c);
        }

        if (count != Length || Alphabet[CheckValue(characters[..DataLength])] != characters[DataLength])
        {
            return false;
        }

        code = Display(characters);
        return true;
    }

    /// <summary>
    /// The check value makes the weighted sum of all eight values 0 modulo 25, with weights 1, 2, 3, 4 repeating
    /// from the right. Every weight and every difference of weights up to three places apart is prime to 25, so
    /// one wrong character and any swap of two characters up to three places apart always fail the check.
    /// (Luhn mod N would not do here: with an odd N its doubling maps two values to one.)
    /// </summary>
    private static int CheckValue(ReadOnlySpan<char> data)
    {
        var sum = 0;
        for (var i = 0; i < data.Length; i++)
        {
            sum += Weight(i) * Alphabet.IndexOf(data[i]);
        }

        return (Alphabet.Length - (sum % Alphabet.Length)) % Alphabet.Length;
    }

    private static int Weight(int position)
    {
        return 1 + ((Length - 1 - position) % 4);
    }

    private static string Display(ReadOnlySpan<char> characters)
    {
        return $"{characters[..GroupLength]}-{characters[GroupLength..]}";
    }
}
