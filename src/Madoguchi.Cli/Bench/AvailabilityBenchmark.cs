using System.Globalization;
using System.Net;

using Madoguchi.Booking;
using Madoguchi.Data;

namespace Madoguchi.Cli.Bench;

public sealed record AvailabilityBenchmarkResult(
    int Requests, int Clients, int Errors, double Seconds, double ReadsPerSecond, double P50Ms, double P99Ms,
    double LimitReadsPerSecond, double LimitP99Ms, double Ratio, int SlotsPerRead, string Provider);

/// <summary>
/// Citizens reading a month of one place's free slots over HTTP, against the same server's
/// trivial endpoint (/healthz) under the same load as the limit.
/// </summary>
public sealed class AvailabilityBenchmark(DatabaseProvider provider, string? postgresConnection)
{
    public async Task<AvailabilityBenchmarkResult> RunAsync(int clients, int requests, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-bench-availability-");
        try
        {
            await using var database = await BenchDatabase.CreateAsync(provider, postgresConnection, folder.FullName, "availability", cancellationToken);
            await using var server = await BenchServer.StartAsync(database.Settings, folder.FullName);
            using var http = LoadRun.Client(server.Url, clients);
            var (first, _) = new BookingSettings().Window(TimeProvider.System.Now());
            var path = $"/api/v1/places/1/slots?from={first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&to={first.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
            var slotsPerRead = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(path, cancellationToken)).RootElement.GetArrayLength();

            var errors = 0;
            async Task Read(string target)
            {
                using var response = await http.GetAsync(target, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                await body.CopyToAsync(Stream.Null, cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }

            await LoadRun.FireAsync(clients, Math.Min(requests, 2000), _ => Read("/healthz"));
            var (limitSeconds, limitLatencies) = await LoadRun.FireAsync(clients, requests, _ => Read("/healthz"));
            var limitErrors = errors;
            await LoadRun.FireAsync(clients, Math.Min(requests, 2000), _ => Read(path));
            errors = 0;
            var (seconds, latencies) = await LoadRun.FireAsync(clients, requests, _ => Read(path));
            var rate = requests / seconds;
            var limit = requests / limitSeconds;
            return new AvailabilityBenchmarkResult(
                requests, clients, errors + limitErrors, Math.Round(seconds, 3), Math.Round(rate), LoadRun.Percentile(latencies, 50), LoadRun.Percentile(latencies, 99),
                Math.Round(limit), LoadRun.Percentile(limitLatencies, 99), Math.Round(rate / limit, 3), slotsPerRead, provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
