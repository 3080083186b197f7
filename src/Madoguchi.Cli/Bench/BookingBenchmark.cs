using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Ledger;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Cli.Bench;

public sealed record BookingBenchmarkResult(
    int Attempts, int Seats, int Confirmed, int SlotFull, int Overbooked, int DuplicateCards, int InconsistentSlots, int Errors,
    double Seconds, double BookingsPerSecond, double P50Ms, double P99Ms, double LimitBookingsPerSecond, double Ratio, int Clients, string Provider);

/// <summary>
/// Many citizens book at one release moment over real HTTP on loopback: every attempt a different
/// card, spread over the slots of one day that together hold the given seats. Afterwards the
/// database is read to count overbooked slots and cards booked twice. The limit is the same booking
/// transaction (ConfirmBooking) run in this process with as many workers and no HTTP.
/// </summary>
public sealed class BookingBenchmark(DatabaseProvider provider, string? postgresConnection)
{
    private const int SlotCount = 20;

    public async Task<BookingBenchmarkResult> RunAsync(int clients, int seats, int attempts, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-bench-booking-");
        try
        {
            var perSlot = Math.Max(1, seats / SlotCount);
            var cards = SyntheticLedger.Cards(attempts, 20270301, TimeProvider.System.Today()).Select(c => (c.ManagementNumber, c.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).ToList();

            double limit;
            await using (var database = await PrepareAsync(folder.FullName, "limit", perSlot, cancellationToken))
            {
                var (placeId, times) = await SlotsAsync(database.Settings, cancellationToken);
                var settings = new BookingSettings { RequestsPerMinute = int.MaxValue };
                var (seconds, _) = await LoadRun.FireAsync(clients, attempts, async i =>
                {
                    await using var db = database.Settings.Open();
                    await new ConfirmBooking(db, TimeProvider.System, settings, new Madoguchi.Notices.NoticeSettings()).RunAsync(
                        new ConfirmRequest(null, placeId, times[i % times.Count], [new CardProof(cards[i].ManagementNumber, cards[i].Item2)], "090-1234-5678", null, "bench"));
                });
                limit = attempts / seconds;
            }

            await using (var database = await PrepareAsync(folder.FullName, "http", perSlot, cancellationToken))
            {
                var (placeId, times) = await SlotsAsync(database.Settings, cancellationToken);
                await using var server = await BenchServer.StartAsync(database.Settings, folder.FullName);
                using var http = LoadRun.Client(server.Url, clients);
                var confirmed = 0;
                var full = 0;
                var errors = 0;
                var (seconds, latencies) = await LoadRun.FireAsync(clients, attempts, async i =>
                {
                    try
                    {
                        using var response = await http.PostAsJsonAsync("/api/v1/bookings", new
                        {
                            placeId,
                            start = times[i % times.Count],
                            cards = new[] { new { managementNumber = cards[i].ManagementNumber, birthDate = cards[i].Item2 } },
                            phone = "090-1234-5678",
                        }, cancellationToken);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            Interlocked.Increment(ref confirmed);
                        }
                        else if (response.StatusCode == HttpStatusCode.Conflict && (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("code").GetString() == "slot-full")
                        {
                            Interlocked.Increment(ref full);
                        }
                        else
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }
                });

                await using var db = database.Settings.Open();
                var slots = await db.Slots.AsNoTracking().ToListAsync(cancellationToken);
                var people = await db.Bookings.AsNoTracking().GroupBy(b => b.SlotId).Select(g => new { g.Key, People = g.Sum(b => b.People) }).ToDictionaryAsync(g => g.Key, g => g.People, cancellationToken);
                var overbooked = slots.Count(s => s.Taken > s.Capacity || people.GetValueOrDefault(s.Id) > s.Capacity);
                var inconsistent = slots.Count(s => s.Taken != people.GetValueOrDefault(s.Id));
                var duplicates = await CardsBookedTwiceAsync(db, cancellationToken);
                var rate = attempts / seconds;
                return new BookingBenchmarkResult(
                    attempts, perSlot * times.Count, confirmed, full, overbooked, duplicates, inconsistent, errors,
                    Math.Round(seconds, 3), Math.Round(rate), LoadRun.Percentile(latencies, 50), LoadRun.Percentile(latencies, 99),
                    Math.Round(limit), Math.Round(rate / limit, 3), clients, provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        async Task<BenchDatabase> PrepareAsync(string dir, string name, int perSlot, CancellationToken ct)
        {
            var database = await BenchDatabase.CreateAsync(provider, postgresConnection, dir, name, ct);
            await database.Settings.MigrateAsync(ct);
            await using var db = database.Settings.Open();
            await PlaceSetup.SeedAsync(db, [new PlaceDefinition("bench", "ベンチマーク会場", "Benchmark hall", "上田市", perSlot, null) { Hours = "mon=08:30-17:15;tue=08:30-17:15;wed=08:30-17:15;thu=08:30-17:15;fri=08:30-17:15" }], ct);
            var csv = new StringWriter();
            SyntheticLedger.WriteCsv(csv, attempts, 20270301, TimeProvider.System.Today());
            await using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
            await new ImportLedgerFile(db, TimeProvider.System, CommandLineAudit.Scratch).RunAsync(file, "bench.csv", new LedgerImportOptions("bench"), ct);
            return database;
        }
    }

    /// <summary>Cards with more than one active booking: what the unique index on active cards must prevent.</summary>
    internal static Task<int> CardsBookedTwiceAsync(MadoguchiDb db, CancellationToken cancellationToken) =>
        db.BookedCards.AsNoTracking().Where(c => c.Active).GroupBy(c => c.ManagementNumber).CountAsync(g => g.Count() > 1, cancellationToken);

    /// <summary>The first bookable day with enough slots, and its first slots.</summary>
    private static async Task<(int PlaceId, List<DateTimeOffset> Times)> SlotsAsync(DatabaseSettings settings, CancellationToken cancellationToken)
    {
        await using var db = settings.Open();
        var place = await db.Places.AsNoTracking().SingleAsync(cancellationToken);
        var (first, last) = new BookingSettings().Window(TimeProvider.System.Now());
        var calendar = await CityCalendar.LoadAsync(db, first, last, cancellationToken);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var schedule = SlotSchedule.Day(place, day, calendar);
            if (schedule.Slots.Count >= SlotCount)
            {
                return (place.Id, schedule.Slots.Take(SlotCount).Select(s => s.Start).ToList());
            }
        }

        throw new InvalidOperationException("No open day in the booking window.");
    }
}
