using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using Madoguchi.Web.Zones;

using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Hosting.WindowsServices;

namespace Madoguchi.Web.Hosting;

/// <summary>
/// What running in a city's server room needs (ADR 0033): the process tells systemd (Type=notify) or the
/// Windows service manager when it is ready and logs as they expect, and each zone may serve HTTPS
/// itself from a PEM certificate and key (<c>Madoguchi:Public:Certificate</c>/<c>CertificateKey</c>, the
/// same under <c>Madoguchi:Office</c>); then its URL is https and its cookies are always Secure.
/// HSTS comes with every HTTPS answer from <see cref="Hardening.SecurityHeaders"/>.
/// </summary>
public static class ServerRoom
{
    /// <summary>
    /// A Windows service starts in C:\Windows\System32: it works in its own folder instead, where the
    /// relative defaults (data\…) and appsettings.Production.json are. Called before the host is built.
    /// </summary>
    public static void EnterServiceFolder()
    {
        if (WindowsServiceHelpers.IsWindowsService())
        {
            Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        }
    }

    public static WebApplicationBuilder UseServerRoom(this WebApplicationBuilder builder)
    {
        // Both are no-ops unless the process was started by systemd or as a Windows service.
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(o => o.ServiceName = "Madoguchi");

        var zones = ZoneSettings.From(builder.Configuration);
        var publicCertificate = zones.ServesPublic ? ZoneCertificate.Read(builder.Configuration, "Public", zones.PublicUrl) : null;
        var officeCertificate = zones.ServesOffice ? ZoneCertificate.Read(builder.Configuration, "Office", zones.OfficeUrl) : null;
        if (publicCertificate is null && officeCertificate is null)
        {
            // Plain http on loopback, or behind the city's reverse proxy (Madoguchi__TrustedProxies):
            // a cookie is Secure when its request came (or was forwarded) over https.
            builder.Services.SecureCookies(CookieSecurePolicy.SameAsRequest);
            return builder;
        }

        var officePort = zones.OfficeUrl.Port;
        builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https =>
        {
            // One process may serve both zones, each on its own port with its own certificate.
            https.ServerCertificateSelector = (connection, _) =>
                connection?.LocalEndPoint is System.Net.IPEndPoint { Port: var port } && port == officePort && officeCertificate is not null
                    ? officeCertificate
                    : publicCertificate ?? officeCertificate;
            https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
        }));

        // Every zone of this process on https: no cookie is ever sent without Secure. A process with one
        // zone on https and the other on plain http keeps Secure for the requests that came over https.
        var allHttps = (!zones.ServesPublic || publicCertificate is not null) && (!zones.ServesOffice || officeCertificate is not null);
        builder.Services.SecureCookies(allHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    private static void SecureCookies(this IServiceCollection services, CookieSecurePolicy policy)
    {
        // The staff cookies (sign-in, two-factor), the antiforgery cookie (None by default) and TempData's.
        services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = policy);
        services.PostConfigure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = policy);
        services.PostConfigure<CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = policy);
    }
}

/// <summary>A zone's certificate, read from PEM files when the process starts.</summary>
internal static class ZoneCertificate
{
    public static X509Certificate2? Read(IConfiguration configuration, string zone, Uri url)
    {
        var certificateFile = configuration[$"Madoguchi:{zone}:Certificate"];
        var keyFile = configuration[$"Madoguchi:{zone}:CertificateKey"];
        var setting = $"Madoguchi__{zone}__Certificate";
        var urlSetting = $"Madoguchi__{zone}Url";
        if (string.IsNullOrWhiteSpace(certificateFile))
        {
            if (url.Scheme == Uri.UriSchemeHttps)
            {
                throw new Madoguchi.Operations.SettingTrouble(
                    $"{urlSetting} が https のときは、証明書と秘密鍵の PEM ファイルを {setting} と {setting}Key に指定してください。 / {urlSetting} is https: name the PEM certificate and key in {setting} and {setting}Key.");
            }

            return null;
        }

        if (url.Scheme != Uri.UriSchemeHttps)
        {
            throw new Madoguchi.Operations.SettingTrouble(
                $"{setting} を指定したときは、{urlSetting} を https:// で始めてください（指定値: {url}）。 / With {setting} set, {urlSetting} must start with https://.");
        }

        try
        {
            var password = configuration[$"Madoguchi:{zone}:CertificateKeyPassword"];
            var key = string.IsNullOrWhiteSpace(keyFile) ? null : keyFile;
            var certificate = string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPemFile(certificateFile, key)
                : X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, key);
            if (OperatingSystem.IsWindows())
            {
                // Windows' TLS cannot use a key that lives only in memory (as PEM keys do): give it a stored one.
                using (certificate)
                {
                    return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
                }
            }

            return certificate;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new Madoguchi.Operations.SettingTrouble(
                $"{setting} の証明書（{certificateFile}）と秘密鍵（{keyFile ?? "同じファイル"}）を読めませんでした: {e.Message} / Could not read the certificate and key of {setting}.", e);
        }
    }
}
