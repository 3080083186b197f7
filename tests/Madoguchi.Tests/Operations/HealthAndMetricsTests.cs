using System.Globalization;
using System.Net;

using Madoguchi.Data;
using Madoguchi.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Operations;

/// <summary>
/// /healthz and /readyz on both zones; /metrics on the office zone, from the allowed addresses only (ADR 0032).
/// Alone: OpenTelemetry listens to meters by name, so an app running alongside in this test process
/// would add its gauges to this one's scrape (one process runs one app outside tests).
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class HealthAndMetricsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Both_zones_answer_alive_and_ready_without_a_sign_in()
    {
        await using var app = await MadoguchiApp.StartAsync();

        foreach (var client in new[] { app.Public, app.Office })
        {
            Assert.Equal("ok", await client.GetStringAsync("/healthz"));
            using var ready = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("ready", await ready.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Ready_is_503_with_a_short_reason_while_a_migration_is_pending()
    {
        await using var app = await MadoguchiApp.StartAsync();
        await using (var db = app.Database.Open())
        {
            var last = (await db.Database.GetAppliedMigrationsAsync()).Last();
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {0}", last);
        }

        using var response = await app.Office.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("not ready: migrations pending", await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", await app.Office.GetStringAsync("/healthz"));
    }

    [SkippableFact]
    public async Task Ready_is_503_when_the_database_does_not_answer()
    {
        await using var app = await MadoguchiApp.StartAsync(DatabaseProvider.Postgres);
        var name = PostgresServer.NameOf(app.Database.Settings.ConnectionString);
        var server = new Npgsql.NpgsqlConnectionStringBuilder(app.Database.Settings.ConnectionString) { Database = "postgres", Pooling = false };
        await using (var admin = new Npgsql.NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var refuse = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}';", admin);
            await refuse.ExecuteNonQueryAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
            try
            {
                using var response = await app.Public.GetAsync("/readyz");

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("not ready: database unreachable", await response.Content.ReadAsStringAsync());
            }
            finally
            {
                await using var allow = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true", admin);
                await allow.ExecuteNonQueryAsync();
            }
        }
    }

    [Fact]
    public async Task Metrics_are_not_on_the_public_zone()
    {
        await using var app = await MadoguchiApp.StartAsync();

        using var response = await app.Public.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("madoguchi_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_office_zone_shows_metrics_to_an_allowed_address_and_they_count_a_booking()
    {
        await using var app = await MadoguchiApp.StartAsync(clock: _clock, settings: new Dictionary<string, string?> { ["Madoguchi:Booking:RequestsPerMinute"] = "1000" });
        await app.ImportCardsAsync(_clock, ("A1B-123456", "1985-04-12"));
        var before = await ScrapeAsync(app);
        Assert.Equal(0, Value(before, "madoguchi_mail_waiting"));
        Assert.Contains("madoguchi_audit_checkpoint_entry_id", before, StringComparison.Ordinal);

        using var booked = await app.PostJsonAsync("/api/v1/bookings", new
        {
            placeId = 1,
            start = new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9)),
            cards = new[] { new { managementNumber = "A1B-123456", birthDate = "1985-04-12" } },
            phone = "090-1234-5678",
            email = "taro@example.jp",
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        // The exporter keeps a scrape's answer for a moment; the gauges read the database at most every five seconds.
        _clock.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var after = await ScrapeAsync(app);

        Assert.True(Value(after, "madoguchi_bookings_total") >= Value(before, "madoguchi_bookings_total") + 1, after);
        Assert.Contains("http_server_request_duration_seconds", after, StringComparison.Ordinal);
        Assert.Equal(1, Value(after, "madoguchi_mail_waiting"));
        // One series: the gauges of no other app are running alongside (the collection runs alone).
        Assert.Single(after.Split('\n'), l => l.StartsWith("madoguchi_mail_waiting", StringComparison.Ordinal));
        Assert.Equal(10, Value(after, "madoguchi_mail_oldest_waiting_age_seconds"));
        Assert.DoesNotContain("090", after, StringComparison.Ordinal);
        Assert.DoesNotContain("A1B", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_office_process_verifies_the_audit_chain_at_start_and_shows_it()
    {
        await using var app = await MadoguchiApp.StartAsync(clock: _clock, settings: new Dictionary<string, string?> { ["Madoguchi:DailyJobs"] = "true" });
        await app.SignInAsync(Madoguchi.Staff.StaffRole.Supervisor);

        // The daily jobs start with the process: the first check runs in the background.
        var watch = app.Services.GetRequiredService<Madoguchi.Audit.AuditChainWatch>();
        for (var i = 0; i < 100 && watch.Last is null; i++)
        {
            await Task.Delay(100);
        }

        Assert.NotNull(watch.Last);
        var scrape = await ScrapeAsync(app);
        Assert.Equal(1, Value(scrape, "madoguchi_audit_chain_intact"));
        Assert.Equal(watch.Last.VerifiedEntryId, Value(scrape, "madoguchi_audit_verified_entry_id"));

        // A forged entry, then the next check (the nightly one, run here by hand): the gauge drops to 0.
        await using (var db = app.Database.Open())
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO audit_entries (id, at, action, records, record_count, outcome, previous_hash, hash) "
                + "SELECT MAX(id) + 1, MAX(at), 'ledger.entry.view', 'ledger:1', 1, 'ok', 'forged', 'forged' FROM audit_entries");
            await watch.VerifyAsync(db, app.Services.GetRequiredService<Madoguchi.Audit.AuditKeys>());
        }

        await Task.Delay(TimeSpan.FromSeconds(1.1));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var after = await ScrapeAsync(app);
        Assert.Equal(0, Value(after, "madoguchi_audit_chain_intact"));
        Assert.Equal(watch.Last.VerifiedEntryId, Value(after, "madoguchi_audit_verified_entry_id"));
    }

    [Fact]
    public async Task An_address_not_allowed_gets_no_metrics()
    {
        await using var app = await MadoguchiApp.StartAsync(settings: new Dictionary<string, string?> { ["Madoguchi:Metrics:AllowedAddresses"] = "10.20.0.0/16, 192.168.1.5" });

        using var response = await app.Office.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("madoguchi_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_forwarded_address_is_the_one_checked()
    {
        await using var app = await MadoguchiApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Madoguchi:TrustedProxies"] = "127.0.0.1",
            ["Madoguchi:Metrics:AllowedAddresses"] = "10.20.30.40",
        });

        using var fromMonitor = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Forwarded-For", "10.20.30.40" } } };
        using var allowed = await app.Office.SendAsync(fromMonitor);
        using var fromElsewhere = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Forwarded-For", "10.20.30.41" } } };
        using var refused = await app.Office.SendAsync(fromElsewhere);
        using var proxyItself = await app.Office.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, proxyItself.StatusCode);
    }

    private static async Task<string> ScrapeAsync(MadoguchiApp app)
    {
        using var response = await app.Office.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's series in the Prometheus text (0 when it has none yet).</summary>
    private static double Value(string scrape, string metric) =>
        scrape.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') is > 0 and var end ? end + 1 : metric.Length)..].Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture));
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics, alone";
}
