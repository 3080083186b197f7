using System.Text;

using PhoneNumbers;

namespace Madoguchi.Booking.Formats;

/// <summary>A Japanese telephone number the office can call back, in the national format with hyphens.</summary>
public static class PhoneNumber
{
    public const string FormatError = "電話番号は 090-1234-5678 や 0268-22-4100 のように、市外局番から入力してください。";

    private const string Japan = "JP";
    private const string JapanCallingCode = "81";

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    // Pagers and M2M (020), premium rate (0990), shared-cost navigation dials (0570) and personal
    // numbers (060) are valid in Japan but are not a line the office can reach the citizen on.
    private static readonly HashSet<PhoneNumberType> CallableTypes =
    [
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
        PhoneNumberType.VOIP,
        PhoneNumberType.TOLL_FREE,
    ];

    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = "";
        var national = NationalDigits(input);
        if (national is null)
        {
            return false;
        }

        PhoneNumbers.PhoneNumber number;
        try
        {
            number = Numbers.Parse(national, Japan);
        }
        catch (NumberParseException)
        {
            return false;
        }

        if (!Numbers.IsValidNumberForRegion(number, Japan) || !CallableTypes.Contains(Numbers.GetNumberType(number)))
        {
            return false;
        }

        normalized = Numbers.Format(number, PhoneNumberFormat.NATIONAL);
        return true;
    }

    /// <summary>
    /// The digits as dialled inside Japan ("0" and the area code first), or null when the text holds anything but
    /// digits and separators or is a number of another country. Letters are refused here because libphonenumber
    /// would read them as a keypad spelling ("0120-ABC-DEF").
    /// </summary>
    private static string? NationalDigits(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var text = TypedText.Narrow(input).Trim();
        var international = text.StartsWith('+');
        var digits = new StringBuilder(text.Length);
        foreach (var c in international ? text.AsSpan(1) : text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (!(c is ' ' or '(' or ')' or '.' || TypedText.IsDash(c)))
            {
                return null;
            }
        }

        var number = digits.ToString();
        if (international || !number.StartsWith('0'))
        {
            // "+81 90…", "81 90…" and "+81 (0)90…": a number dialled inside Japan always starts with 0,
            // so digits without it can only be an international writing.
            if (!number.StartsWith(JapanCallingCode, StringComparison.Ordinal))
            {
                return null;
            }

            var afterCallingCode = number[JapanCallingCode.Length..];
            return afterCallingCode.StartsWith('0') ? afterCallingCode : "0" + afterCallingCode;
        }

        return number;
    }
}
