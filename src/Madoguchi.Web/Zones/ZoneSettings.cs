namespace Madoguchi.Web.Zones;

/// <summary>Which zones this process serves, and where, from <c>--zone</c> and <c>Madoguchi:*Url</c>.</summary>
public sealed record ZoneSettings(bool ServesPublic, bool ServesOffice, Uri PublicUrl, Uri OfficeUrl)
{
    public const string DefaultPublicUrl = "http://127.0.0.1:5080";
    public const string DefaultOfficeUrl = "http://127.0.0.1:5081";

    public static ZoneSettings From(IConfiguration configuration)
    {
        var zone = (configuration["zone"] ?? configuration["Madoguchi:Zone"] ?? "all").Trim().ToLowerInvariant();
        var (servesPublic, servesOffice) = zone switch
        {
            "all" => (true, true),
            "public" => (true, false),
            "office" => (false, true),
            _ => throw new Madoguchi.Operations.SettingTrouble($"--zone は public、office、all のいずれかを指定してください（指定値: {zone}）。"),
        };
        var publicUrl = ParseUrl(configuration["Madoguchi:PublicUrl"] ?? DefaultPublicUrl, "Madoguchi__PublicUrl");
        var officeUrl = ParseUrl(configuration["Madoguchi:OfficeUrl"] ?? DefaultOfficeUrl, "Madoguchi__OfficeUrl");
        if (servesPublic && servesOffice && publicUrl.Port == officeUrl.Port)
        {
            throw new Madoguchi.Operations.SettingTrouble(
                "公開ゾーンと庁内ゾーンは別のポートで待ち受ける必要があります。Madoguchi__PublicUrl と Madoguchi__OfficeUrl のポートを変えてください。");
        }

        return new ZoneSettings(servesPublic, servesOffice, publicUrl, officeUrl);
    }

    public IEnumerable<string> Urls()
    {
        if (ServesPublic)
        {
            yield return PublicUrl.GetLeftPart(UriPartial.Authority);
        }

        if (ServesOffice)
        {
            yield return OfficeUrl.GetLeftPart(UriPartial.Authority);
        }
    }

    /// <summary>The zone of a request, known by the local port it arrived on.</summary>
    public Zone ZoneOf(HttpContext context)
    {
        if (ServesPublic && ServesOffice)
        {
            return context.Connection.LocalPort == OfficeUrl.Port ? Zone.Office : Zone.Public;
        }

        return ServesOffice ? Zone.Office : Zone.Public;
    }

    public static bool IsOfficePath(PathString path) =>
        path.StartsWithSegments("/office", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/api/office", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    public static bool IsSharedPath(PathString path) =>
        path.StartsWithSegments("/assets", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/readyz", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/error", StringComparison.OrdinalIgnoreCase);

    private static Uri ParseUrl(string text, string setting)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https"))
        {
            throw new Madoguchi.Operations.SettingTrouble($"{setting} には http://127.0.0.1:5080 のような URL を指定してください（指定値: {text}）。");
        }

        return url;
    }
}
