using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using Madoguchi.Data;
using Madoguchi.Tests.Infrastructure;
using Madoguchi.Web;
using Madoguchi.Web.Hardening;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Madoguchi.Tests.ServerRoom;

/// <summary>
/// Each zone serves HTTPS itself from the PEM certificate and key named in its settings
/// (<c>Madoguchi:Public:Certificate</c> / <c>CertificateKey</c>, the same under Office; ADR 0033), with
/// HSTS and Secure cookies; without them it stays plain http, with neither.
/// </summary>
[Trait("Category", "ServerRoom")]
public sealed class HttpsTests
{
    [Fact]
    public async Task Each_zone_answers_over_https_with_its_own_certificate_hsts_and_secure_cookies()
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-tls-").FullName;
        try
        {
            var (publicCertificate, publicFiles) = SelfSigned.Write(folder, "public");
            var (officeCertificate, officeFiles) = SelfSigned.Write(folder, "office");
            await using var site = await Site.StartAsync("https", new()
            {
                ["Madoguchi:Public:Certificate"] = publicFiles.Certificate,
                ["Madoguchi:Public:CertificateKey"] = publicFiles.Key,
                ["Madoguchi:Office:Certificate"] = officeFiles.Certificate,
                ["Madoguchi:Office:CertificateKey"] = officeFiles.Key,
            });

            // Each client trusts only its zone's certificate: the port decides which one is shown.
            using var citizen = Trusting(publicCertificate, site.PublicUrl);
            using var clerk = Trusting(officeCertificate, site.OfficeUrl);
            foreach (var (client, path) in new[] { (citizen, "/book"), (clerk, "/office/signin") })
            {
                using var answer = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.Equal(SecurityHeaders.StrictTransportSecurity, answer.Headers.GetValues("Strict-Transport-Security").Single());
                var cookies = answer.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
                Assert.NotEmpty(cookies);
                Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
            }

            // Plain http to a TLS port gets no page.
            using var plain = new HttpClient { BaseAddress = new UriBuilder(site.PublicUrl) { Scheme = "http" }.Uri };
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync("/book"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_certificates_the_zones_stay_plain_http_without_hsts()
    {
        await using var site = await Site.StartAsync("http", []);
        using var citizen = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = site.PublicUrl };
        using var answer = await citizen.GetAsync("/book");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Strict-Transport-Security"));
        var cookies = answer.Headers.GetValues("Set-Cookie").ToList();
        Assert.All(cookies, c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_zone_on_https_needs_its_certificate_and_a_certificate_needs_https()
    {
        var https = Assert.Throws<Madoguchi.Operations.SettingTrouble>(() => MadoguchiWeb.Build(
            ["--zone", "public", "--Madoguchi:PublicUrl", "https://127.0.0.1:5443"]));
        Assert.Contains("Madoguchi__Public__Certificate", https.Message, StringComparison.Ordinal);

        var http = Assert.Throws<Madoguchi.Operations.SettingTrouble>(() => MadoguchiWeb.Build(
            ["--zone", "office", "--Madoguchi:OfficeUrl", "http://127.0.0.1:5081", "--Madoguchi:Office:Certificate", "/nowhere/office.crt"]));
        Assert.Contains("https://", http.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<Madoguchi.Operations.SettingTrouble>(() => MadoguchiWeb.Build(
            ["--zone", "public", "--Madoguchi:PublicUrl", "https://127.0.0.1:5443", "--Madoguchi:Public:Certificate", "/nowhere/public.crt"]));
        Assert.Contains("/nowhere/public.crt", missing.Message, StringComparison.Ordinal);
    }

    private static HttpClient Trusting(X509Certificate2 certificate, Uri url)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, shown, _, _) =>
            shown is not null && shown.GetCertHashString() == certificate.GetCertHashString();
        return new HttpClient(handler) { BaseAddress = url };
    }
}

/// <summary>A self-signed certificate for 127.0.0.1, written as PEM files as a city's would be.</summary>
public static class SelfSigned
{
    public static (X509Certificate2 Certificate, (string Certificate, string Key) Files) Write(string folder, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=madoguchi-{name}.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var files = (Path.Combine(folder, $"{name}.crt"), Path.Combine(folder, $"{name}.key"));
        File.WriteAllText(files.Item1, certificate.ExportCertificatePem());
        File.WriteAllText(files.Item2, key.ExportPkcs8PrivateKeyPem());
        return (certificate, files);
    }
}

/// <summary>The real web app in this process on two free loopback ports of the scheme, on a fresh SQLite database.</summary>
public sealed class Site : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestDatabase _database;
    private readonly string _folder;

    private Site(WebApplication app, TestDatabase database, string folder, Uri publicUrl, Uri officeUrl)
    {
        (_app, _database, _folder, PublicUrl, OfficeUrl) = (app, database, folder, publicUrl, officeUrl);
    }

    public Uri PublicUrl { get; }

    public Uri OfficeUrl { get; }

    public static async Task<Site> StartAsync(string scheme, Dictionary<string, string?> settings)
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var folder = Directory.CreateTempSubdirectory("madoguchi-site-").FullName;
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        var publicUrl = new Uri($"{scheme}://127.0.0.1:{((IPEndPoint)first.LocalEndpoint).Port}");
        var officeUrl = new Uri($"{scheme}://127.0.0.1:{((IPEndPoint)second.LocalEndpoint).Port}");
        first.Stop();
        second.Stop();
        var app = MadoguchiWeb.Build(["--zone", "all"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Madoguchi:PublicUrl"] = publicUrl.ToString(),
                ["Madoguchi:OfficeUrl"] = officeUrl.ToString(),
                ["Madoguchi:Demo"] = "false",
                ["Madoguchi:CardKey"] = Madoguchi.Booking.CardSecret.Development.ToBase64(),
                ["Madoguchi:Database:Provider"] = "sqlite",
                ["ConnectionStrings:Madoguchi"] = database.Settings.ConnectionString,
                ["Madoguchi:UploadFolder"] = Path.Combine(folder, "uploads"),
                ["Madoguchi:Audit:KeyFile"] = Path.Combine(folder, "audit-keys"),
                ["Madoguchi:Retention:Daily"] = "false",
                ["Madoguchi:DailyJobs"] = "false",
                ["Madoguchi:Mail:Worker"] = "false",
            });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.PrepareAsync(TextWriter.Null);
        await app.StartAsync();
        return new Site(app, database, folder, publicUrl, officeUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
