using System.Net;

using Madoguchi.Data;
using Madoguchi.Operations;
using Madoguchi.Web.Zones;

using Microsoft.EntityFrameworkCore;

using Npgsql;

using OpenTelemetry.Metrics;

namespace Madoguchi.Web.Operations;

/// <summary>
/// What the server room watches (ADR 0032): <c>/healthz</c> and <c>/readyz</c> on both zones,
/// <c>/metrics</c> for Prometheus on the office zone from the allowed addresses only, and one log
/// line per request that names no person.
/// </summary>
public static class MadoguchiOperations
{
    public const string MetricsPath = "/metrics";

    /// <summary>Metrics (when the process serves the office), the gauges read from the database, and the log filters.</summary>
    public static WebApplicationBuilder AddMadoguchiOperations(this WebApplicationBuilder builder, ZoneSettings zones, DatabaseSettings database)
    {
        // ASP.NET Core's own request lines carry the query string (a searched name or birth date): never below Warning.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        builder.Services.AddSingleton(MetricsSettings.From(builder.Configuration));
        if (!zones.ServesOffice)
        {
            // Only the office zone shows /metrics; a public-only process measures nothing.
            return builder;
        }

        if (!database.ReadOnlySchema)
        {
            builder.Services.AddSingleton<OperationsGauges>();
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(MadoguchiMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter();
            if (database.Provider == DatabaseProvider.Postgres)
            {
                metrics.AddNpgsqlInstrumentation();
            }
        });
        return builder;
    }

    /// <summary>The request log, first in the pipeline so that it sees every answer's final status.</summary>
    public static WebApplication UseMadoguchiRequestLog(this WebApplication app)
    {
        app.UseMiddleware<RequestLog>();
        return app;
    }

    /// <summary>
    /// <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>; after the forwarded headers and the zone gate,
    /// so the address checked is the one the trusted proxy names and a public-zone request never gets here.
    /// </summary>
    public static WebApplication UseMadoguchiOperations(this WebApplication app)
    {
        var zones = app.Services.GetRequiredService<ZoneSettings>();
        var settings = app.Services.GetRequiredService<MetricsSettings>();
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous();
        app.MapGet("/readyz", ReadyAsync).AllowAnonymous();
        if (zones.ServesOffice)
        {
            // The gauges exist once asked for: make them before the first scrape.
            app.Services.GetService<OperationsGauges>();
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Request.Path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase)
                && zones.ZoneOf(context) == Zone.Office
                && settings.Allows(context.Connection.RemoteIpAddress));
        }

        return app;
    }

    /// <summary>Ready: the database answers and has no migration pending. The reason is short and names nothing inside.</summary>
    private static async Task<IResult> ReadyAsync(DatabaseSettings database, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await using var db = database.Open();
            if (!await db.Database.CanConnectAsync(timeout.Token))
            {
                return NotReady("database unreachable");
            }

            if ((await db.Database.GetPendingMigrationsAsync(timeout.Token)).Any())
            {
                return NotReady("migrations pending");
            }

            return Results.Text("ready");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logs.CreateLogger("Madoguchi.Readiness").LogWarning("The readiness check failed: {Kind}.", e.GetType().Name);
            return NotReady("database unreachable");
        }
    }

    private static IResult NotReady(string reason) => Results.Text($"not ready: {reason}", statusCode: StatusCodes.Status503ServiceUnavailable);
}

/// <summary>Who may read <c>/metrics</c> without signing in: <c>Madoguchi:Metrics:AllowedAddresses</c>, addresses or networks (CIDR).</summary>
public sealed record MetricsSettings(IReadOnlyList<IPNetwork> AllowedNetworks)
{
    public static MetricsSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Madoguchi:Metrics:AllowedAddresses");
        var entries = section.Value is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        if (section.Value is null && entries.Length == 0)
        {
            entries = ["127.0.0.1", "::1"];
        }

        var networks = new List<IPNetwork>();
        foreach (var entry in entries.Where(e => e.Length > 0))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new Madoguchi.Operations.SettingTrouble(
                    $"Madoguchi__Metrics__AllowedAddresses には 10.0.0.5 や 10.0.0.0/24 のようなアドレスを , で区切って指定してください（指定値: {entry}）。");
            }
        }

        return new MetricsSettings(networks);
    }

    public bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var v4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return AllowedNetworks.Any(n => n.Contains(v4) || n.Contains(address));
    }
}
