using System.CommandLine;
using System.Text.Json;

using Madoguchi.Booking;
using Madoguchi.Cli;
using Madoguchi.Ledger;
using Madoguchi.Retention;
using Madoguchi.Tests.Cli;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Madoguchi.Tests.Retention;

/// <summary>
/// `madoguchi purge` and the daily job, on SQLite, with the clock on Monday 2027-02-22 10:00 in
/// Ueda. One booking of 3/1 and a hold that runs out at 10:10 give the purge something to count.
/// </summary>
public sealed class PurgeCommandAndDailyJobTests : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string Jiro = "E3F-111111";

    private static readonly DateTimeOffset MarchFirstNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(DatabaseProvider.Sqlite);
        await _database.ImportLedgerAsync(
            _clock,
            $"{Taro},上田　太郎,1985-04-12,男,長野県上田市大手一丁目1番1号",
            $"{Jiro},真田　次郎,2000-02-29,男,長野県上田市真田町長100");
        var honcho = await _database.PlaceIdAsync("honcho");
        await using var db = _database.Open();
        Assert.True((await new ConfirmBooking(db, _clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings()).RunAsync(
            new ConfirmRequest(null, honcho, MarchFirstNine, [new CardProof(Taro, "1985-04-12")], "090-2468-1357", null, "web"))).Ok);
        Assert.True((await new HoldSeats(db, _clock, new BookingSettings()).RunAsync(
            new HoldRequest(honcho, MarchFirstNine, [new CardProof(Jiro, "2000-02-29")]))).Ok);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Purge_with_dry_run_prints_the_counts_and_deletes_nothing_then_purge_deletes_and_names_its_audit_entry()
    {
        // 3/31 10:00: 3/1's booking is 30 days old and the hold ran out long ago.
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 31, 1, 0, 0, TimeSpan.Zero));

        var dry = await RunAsync("purge", "--dry-run", "--json");

        Assert.Equal(0, dry.ExitCode);
        var counted = JsonDocument.Parse(dry.Output).RootElement;
        Assert.Equal((true, 1, 1, "2027-03-02"), (counted.GetProperty("dryRun").GetBoolean(), counted.GetProperty("bookings").GetInt32(), counted.GetProperty("holds").GetInt32(), counted.GetProperty("contactKeptFrom").GetString()));
        Assert.Equal(JsonValueKind.Null, counted.GetProperty("auditEntryId").ValueKind);
        await using (var db = _database.Open())
        {
            Assert.Equal("090-2468-1357", await db.Bookings.Select(b => b.Phone).SingleAsync());
            // Only the cards' import is in the log: a dry run writes no entry.
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == "purge"));
        }

        var purged = await RunAsync("purge");

        Assert.Equal(0, purged.ExitCode);
        Assert.Contains("消去しました（監査ログ #2）", purged.Output, StringComparison.Ordinal);
        Assert.Contains("予約の電話番号・メール（2027年3月1日までの予約）: 1 件", purged.Output, StringComparison.Ordinal);
        Assert.Contains("期限切れの仮押さえ: 1 件", purged.Output, StringComparison.Ordinal);
        await using var after = _database.Open();
        Assert.Equal("", await after.Bookings.Select(b => b.Phone).SingleAsync());
        var entry = await after.AuditEntries.SingleAsync(e => e.Action == "purge");
        Assert.Equal((PurgeCommands.Terminal, Environment.UserName, "cli", "cli"), (entry.UserAgent, entry.StaffLogin, entry.Role, entry.Address));
    }

    [Fact]
    public async Task A_wrong_retention_setting_is_refused_with_what_to_write_instead()
    {
        var refused = await RunAsync(new Dictionary<string, string?> { ["Madoguchi:Retention:DestroyedKeep"] = "forever" }, "purge");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("minimum（氏名・住所を消す）か all（すべて残す）", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_settings_default_to_30_days_for_contact_data_and_a_year_for_destroyed_cards()
    {
        var defaults = RetentionSettings.From(new ConfigurationBuilder().Build());
        var city = RetentionSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Madoguchi:Retention:BookingContactDays"] = "7",
            ["Madoguchi:Retention:DestroyedKeepDays"] = "1825",
            ["Madoguchi:Retention:DestroyedKeep"] = "all",
            ["Madoguchi:Retention:Daily"] = "false",
            ["Madoguchi:Retention:DailyAt"] = "02:30",
        }).Build());

        Assert.Equal((30, 365, DestroyedEntryKeep.Minimum, true, new TimeOnly(3, 0)), (defaults.BookingContactDays, defaults.DestroyedKeepDays, defaults.DestroyedKeep, defaults.Daily, defaults.DailyAt));
        Assert.Equal((7, 1825, DestroyedEntryKeep.All, false, new TimeOnly(2, 30)), (city.BookingContactDays, city.DestroyedKeepDays, city.DestroyedKeep, city.Daily, city.DailyAt));
    }

    [Fact]
    public async Task The_daily_job_purges_at_start_when_nothing_was_purged_for_a_day_and_then_every_day_at_three()
    {
        var clock = new WatchedClock(_clock);
        await using var services = new ServiceCollection().AddMadoguchiDatabase(_database.Settings).BuildServiceProvider();
        var job = new DailyPurge(services.GetRequiredService<IServiceScopeFactory>(), clock, new RetentionSettings(), new BookingSettings(), Madoguchi.Audit.AuditKeys.Generate(), NullLogger<DailyPurge>.Instance);
        using var stop = new CancellationTokenSource();

        // 10:00, never purged before: the first round runs at once (the hold has not run out yet).
        var running = job.RunAsync(stop.Token);
        await clock.WaitForTimerAsync();
        Assert.Equal(["holds:0"], (await PurgeEntriesAsync()).Select(r => r.Split(',')[1]));

        // The next round is 03:00 tomorrow, Japan time; by then the hold has run out.
        Assert.Equal(new DateTimeOffset(2027, 2, 23, 3, 0, 0, TimeSpan.FromHours(9)), job.NextRun(_clock.GetUtcNow()));
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 22, 18, 0, 0, TimeSpan.Zero));
        await clock.WaitForTimerAsync();
        Assert.Equal(["holds:0", "holds:1"], (await PurgeEntriesAsync()).Select(r => r.Split(',')[1]));

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_process_restarted_soon_after_a_purge_waits_for_three_oclock()
    {
        await using var services = new ServiceCollection().AddMadoguchiDatabase(_database.Settings).BuildServiceProvider();
        var job = new DailyPurge(services.GetRequiredService<IServiceScopeFactory>(), _clock, new RetentionSettings(), new BookingSettings(), Madoguchi.Audit.AuditKeys.Generate(), NullLogger<DailyPurge>.Instance);
        await job.RunOnceAsync();
        _clock.Advance(TimeSpan.FromHours(2));
        var clock = new WatchedClock(_clock);
        var restarted = new DailyPurge(services.GetRequiredService<IServiceScopeFactory>(), clock, new RetentionSettings(), new BookingSettings(), Madoguchi.Audit.AuditKeys.Generate(), NullLogger<DailyPurge>.Instance);
        using var stop = new CancellationTokenSource();

        var running = restarted.RunAsync(stop.Token);
        await clock.WaitForTimerAsync();

        Assert.Single(await PurgeEntriesAsync());
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_process_told_not_to_run_the_daily_purge_does_nothing()
    {
        await using var services = new ServiceCollection().AddMadoguchiDatabase(_database.Settings).BuildServiceProvider();
        var job = new DailyPurge(services.GetRequiredService<IServiceScopeFactory>(), _clock, new RetentionSettings { Daily = false }, new BookingSettings(), Madoguchi.Audit.AuditKeys.Generate(), NullLogger<DailyPurge>.Instance);

        await job.RunAsync(CancellationToken.None);

        Assert.Empty(await PurgeEntriesAsync());
    }

    private async Task<List<string>> PurgeEntriesAsync()
    {
        await using var db = _database.Open();
        return await db.AuditEntries.Where(e => e.Action == "purge").OrderBy(e => e.Id).Select(e => e.Records).ToListAsync();
    }

    private Task<CliResult> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string?>(), arguments);

    private async Task<CliResult> RunAsync(Dictionary<string, string?> settings, params string[] arguments)
    {
        settings["Madoguchi:Database:Provider"] = "sqlite";
        settings["ConnectionStrings:Madoguchi"] = _database.Settings.ConnectionString;
        var root = new RootCommand { PurgeCommands.Create(() => new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), _clock) };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await root.Parse(arguments).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>The fake clock, telling the test when the job has started waiting, so the test moves time only then.</summary>
    private sealed class WatchedClock(FakeTimeProvider inner) : TimeProvider
    {
        private readonly SemaphoreSlim _timers = new(0);

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            _timers.Release();
            return timer;
        }

        public async Task WaitForTimerAsync() =>
            Assert.True(await _timers.WaitAsync(TimeSpan.FromSeconds(20)), "the daily job never started waiting");
    }
}
