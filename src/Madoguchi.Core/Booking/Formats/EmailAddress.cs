namespace Madoguchi.Booking.Formats;

/// <summary>An e-mail address the booking confirmation is sent to, with the domain in lower case.</summary>
public static class EmailAddress
{
    public const string FormatError = "メールアドレスは madoguchi@example.jp のように、@ のあとのドメインまで、空白を入れずに入力してください。";

    private const int MaxLength = 254;
    private const int MaxLocalPartLength = 64;
    private const int MaxLabelLength = 63;

    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        // A Japanese input method gives "。" for the full stop key.
        var text = TypedText.Narrow(input).Trim().Replace('。', '.');
        if (text.Length > MaxLength)
        {
            return false;
        }

        var at = text.IndexOf('@');
        if (at <= 0 || at != text.LastIndexOf('@'))
        {
            return false;
        }

        var localPart = text[..at];
        var domain = text[(at + 1)..].ToLowerInvariant();
        if (!IsLocalPart(localPart) || !IsDomain(domain))
        {
            return false;
        }

        normalized = $"{localPart}@{domain}";
        return true;
    }

    /// <summary>
    /// RFC 5322 atoms joined by dots, except that dots may repeat or end the local part: the Japanese mobile
    /// carriers issued such addresses ("taro..yamada.@docomo.ne.jp") until 2009 and still deliver to them.
    /// </summary>
    private static bool IsLocalPart(string localPart)
    {
        return localPart.Length <= MaxLocalPartLength
            && !localPart.StartsWith('.')
            && localPart.All(static c => char.IsAsciiLetterOrDigit(c) || c == '.' || "!#$%&'*+-/=?^_`{|}~".Contains(c));
    }

    private static bool IsDomain(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2
            && labels.All(IsLabel)
            && !labels[^1].All(char.IsAsciiDigit);
    }

    private static bool IsLabel(string label)
    {
        return label.Length is > 0 and <= MaxLabelLength
            && !label.StartsWith('-')
            && !label.EndsWith('-')
            && label.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
    }
}
