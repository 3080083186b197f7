using System.Net;
using System.Net.Sockets;

using Madoguchi.Data;
using Madoguchi.Web;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Madoguchi.Cli.Bench;

/// <summary>
/// The real web host (public zone) started in this process on a free loopback port, on the
/// benchmark's database. The per-address throttle is lifted unless the benchmark's settings say
/// otherwise: every client comes from 127.0.0.1, where a city's throttle would (rightly) stop a single
/// address this busy; the sustained benchmark keeps it and names addresses as a trusted proxy would.
/// </summary>
public sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<BenchServer> StartAsync(DatabaseSettings database, string folder, IDictionary<string, string?>? settings = null)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var app = MadoguchiWeb.Build(["--zone", "public"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Madoguchi:PublicUrl"] = url.ToString(),
                ["Madoguchi:Demo"] = "false",
                // The bench's throwaway database is imported under the development key.
                ["Madoguchi:CardKey"] = Madoguchi.Booking.CardSecret.Development.ToBase64(),
                ["Madoguchi:Database:Provider"] = database.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
                ["ConnectionStrings:Madoguchi"] = database.ConnectionString,
                ["Madoguchi:KeyFolder"] = Path.Combine(folder, "keys"),
                ["Madoguchi:UploadFolder"] = Path.Combine(folder, "uploads"),
                ["Madoguchi:Booking:RequestsPerMinute"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            builder.Logging.ClearProviders();
        });
        await app.PrepareAsync(TextWriter.Null);
        await app.StartAsync();
        return new BenchServer(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Fires requests from many clients released at one moment, and keeps each one's latency.</summary>
public static class LoadRun
{
    public static async Task<(double Seconds, List<double> LatenciesMs)> FireAsync(int clients, int requests, Func<int, Task> request)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = -1;
        var latencies = new List<double>[clients];
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = [];
            await release.Task;
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await request(i);
                mine.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToList();
        await Task.Delay(200);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        release.SetResult();
        await Task.WhenAll(workers);
        return (watch.Elapsed.TotalSeconds, latencies.SelectMany(l => l).Order().ToList());
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)], 1);

    public static HttpClient Client(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
}
