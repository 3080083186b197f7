using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

using Madoguchi.Tests.Infrastructure;
using Madoguchi.Web.Hardening;

namespace Madoguchi.Tests.ServerRoom;

/// <summary>
/// Debian's nginx in front of the app, terminating TLS, as README's reverse-proxy alternative has it
/// (ADR 0033): with <c>Madoguchi__TrustedProxies=127.0.0.1</c> the app counts each citizen's address
/// (the throttle refuses one address, not the proxy) and sees the https the citizen used (HSTS, Secure
/// cookies), while the app itself listens on plain http on loopback.
/// </summary>
[Trait("Category", "ServerRoom")]
public sealed class ReverseProxyTests
{
    private const string Nginx = "/usr/sbin/nginx";

    [SkippableFact]
    public async Task Behind_nginx_the_app_sees_each_citizens_address_and_https()
    {
        if (!File.Exists(Nginx))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "nginx is missing: .ci/run installs Debian's nginx.");
            Skip.If(true, "nginx is not installed (sudo apt-get install nginx).");
        }

        const int limit = 3;
        await using var app = await MadoguchiApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Madoguchi:TrustedProxies"] = "127.0.0.1",
            ["Madoguchi:Booking:RequestsPerMinute"] = limit.ToString(CultureInfo.InvariantCulture),
        });
        var folder = Directory.CreateTempSubdirectory("madoguchi-nginx-").FullName;
        Process? nginx = null;
        try
        {
            var (certificate, files) = SelfSigned.Write(folder, "proxy");
            var port = FreePort();
            var configuration = Path.Combine(folder, "nginx.conf");
            await File.WriteAllTextAsync(configuration, Configuration(folder, port, files, app.PublicUrl));
            nginx = StartNginx(configuration, folder);
            var proxied = new Uri($"https://127.0.0.1:{port}");
            await WaitForAsync(nginx, proxied, certificate, folder);

            // Through the proxy: the https the citizen used reaches the app.
            using (var citizen = Client(certificate, proxied, IPAddress.Parse("127.0.0.2")))
            using (var page = await citizen.GetAsync("/book"))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Equal(SecurityHeaders.StrictTransportSecurity, page.Headers.GetValues("Strict-Transport-Security").Single());
                Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
            }

            // Straight to the app's own http port: no https, no HSTS.
            using (var direct = await app.Public.GetAsync("/book"))
            {
                Assert.False(direct.Headers.Contains("Strict-Transport-Security"));
            }

            // One address over the limit is refused; another address, through the same proxy, is not.
            var statuses = new List<HttpStatusCode>();
            using (var busy = Client(certificate, proxied, IPAddress.Parse("127.0.0.3")))
            {
                for (var i = 0; i <= limit; i++)
                {
                    statuses.Add(await LookUpAsync(busy));
                }
            }

            using var other = Client(certificate, proxied, IPAddress.Parse("127.0.0.4"));
            var otherStatus = await LookUpAsync(other);
            Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(limit));
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[limit]);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, otherStatus);
        }
        finally
        {
            if (nginx is { HasExited: false })
            {
                nginx.Kill(entireProcessTree: true);
                await nginx.WaitForExitAsync();
            }

            nginx?.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The server block README shows, with everything else nginx needs kept in the test's folder.</summary>
    private static string Configuration(string folder, int port, (string Certificate, string Key) files, Uri app) => $$"""
        {{(Environment.UserName == "root" ? "user root;" : "")}}
        worker_processes 1;
        error_log {{folder}}/error.log warn;
        pid {{folder}}/nginx.pid;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path {{folder}}/body;
          proxy_temp_path {{folder}}/proxy;
          fastcgi_temp_path {{folder}}/fastcgi;
          uwsgi_temp_path {{folder}}/uwsgi;
          scgi_temp_path {{folder}}/scgi;
          server {
            listen 127.0.0.1:{{port}} ssl;
            ssl_certificate {{files.Certificate}};
            ssl_certificate_key {{files.Key}};
            location / {
              proxy_pass {{app.GetLeftPart(UriPartial.Authority)}};
              proxy_set_header Host $host;
              proxy_set_header X-Forwarded-For $remote_addr;
              proxy_set_header X-Forwarded-Proto $scheme;
            }
          }
        }
        """;

    private static Process StartNginx(string configuration, string folder)
    {
        var start = new ProcessStartInfo(Nginx) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = folder };
        foreach (var argument in new[] { "-c", configuration, "-p", folder, "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task WaitForAsync(Process nginx, Uri proxied, X509Certificate2 certificate, string folder)
    {
        using var probe = Client(certificate, proxied, IPAddress.Loopback);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(nginx.HasExited, $"nginx ended: {ErrorLog(folder)}");
            try
            {
                using var health = await probe.GetAsync("/healthz");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail($"nginx did not answer within 30 seconds: {ErrorLog(folder)}");
    }

    private static string ErrorLog(string folder) =>
        File.Exists(Path.Combine(folder, "error.log")) ? File.ReadAllText(Path.Combine(folder, "error.log")) : "(no error log)";

    private static async Task<HttpStatusCode> LookUpAsync(HttpClient client)
    {
        using var answer = await client.PostAsJsonAsync("/api/v1/bookings/lookup", new { code = "ABCD2345", managementNumber = "T00-000001", birthDate = "1980-01-01" });
        return answer.StatusCode;
    }

    /// <summary>A client that trusts the proxy's certificate and connects from the given loopback address.</summary>
    private static HttpClient Client(X509Certificate2 certificate, Uri url, IPAddress from)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, shown, _, _) =>
            shown is not null && shown.GetCertHashString() == certificate.GetCertHashString();
        return new HttpClient(handler) { BaseAddress = url };
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
