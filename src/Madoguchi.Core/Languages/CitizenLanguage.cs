namespace Madoguchi.Languages;

/// <summary>
/// The languages the public zone and the citizen mails speak. <see cref="Code"/> is what the URL
/// (<c>?lang=</c>), the language cookie and the database (a booking's language, the translations of
/// the city's own texts) hold; <see cref="HtmlLang"/> is the page's <c>lang</c> attribute.
/// やさしい日本語 is Japanese to a screen reader, so its <c>lang</c> is <c>ja</c>. <see cref="CultureName"/> is
/// the .NET culture whose resources (.resx) the language reads; a request runs under it.
/// </summary>
public sealed record CitizenLanguage(string Code, string HtmlLang, string NativeName, string CultureName)
{
    public static readonly CitizenLanguage Japanese = new("ja", "ja", "日本語", "ja");
    public static readonly CitizenLanguage EasyJapanese = new("ja-easy", "ja", "やさしい日本語", "ja-Easy");
    public static readonly CitizenLanguage English = new("en", "en", "English", "en");
    public static readonly CitizenLanguage Chinese = new("zh-Hans", "zh-Hans", "中文（简体）", "zh-Hans");
    public static readonly CitizenLanguage Korean = new("ko", "ko", "한국어", "ko");
    public static readonly CitizenLanguage Vietnamese = new("vi", "vi", "Tiếng Việt", "vi");
    public static readonly CitizenLanguage Portuguese = new("pt-BR", "pt-BR", "Português", "pt-BR");

    /// <summary>In the order the language switch lists them: Japanese first.</summary>
    public static IReadOnlyList<CitizenLanguage> All { get; } =
        [Japanese, EasyJapanese, English, Chinese, Korean, Vietnamese, Portuguese];

    /// <summary>The longest code, for the database columns that hold one.</summary>
    public const int CodeLength = 8;

    public bool IsJapanese => ReferenceEquals(this, Japanese);

    /// <summary>The language a code names, compared without case; null when it names none of ours.</summary>
    public static CitizenLanguage? Find(string? code) =>
        code is null ? null : All.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The language of the current request (its UI culture); Japanese when the culture is none of ours.</summary>
    public static CitizenLanguage Current => FromCulture(System.Globalization.CultureInfo.CurrentUICulture);

    public static CitizenLanguage FromCulture(System.Globalization.CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return All.FirstOrDefault(l => string.Equals(l.CultureName, culture.Name, StringComparison.OrdinalIgnoreCase)) ?? Japanese;
    }
}
