using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Tests.Faults;

namespace Madoguchi.Tests.ScaleOut;

/// <summary>
/// Two citizens change their held times crosswise at the same moment (X from 9:00 to 9:15, Y from
/// 9:15 to 9:00), each through its own connection as through two web processes. Each gives back
/// one slot's seat and takes the other's: done in opposite orders, PostgreSQL would find a deadlock
/// and one citizen would be refused. Many pairs at once make the crossing likely.
/// </summary>
[Trait("Category", "Faults")]
public sealed class SwappedHoldsTests : IAsyncLifetime
{
    private const int Pairs = 20;
    private static readonly DateTimeOffset MondayNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private readonly BookingSettings _settings = new();
    private TestDatabase _database = null!;
    private int _placeId;

    public async Task InitializeAsync()
    {
        // Room for everyone in both slots: a refusal can only come from the crossing itself.
        _database = await TestDatabase.WithPlacesAsync(DatabaseProvider.Postgres, [UedaPlaces.All[0] with { SeatsPerSlot = 2 * Pairs * 2 }]);
        _placeId = await _database.PlaceIdAsync(UedaPlaces.All[0].Code);
        await _database.ImportLedgerAsync(_clock, TestLedger.Numbered(2 * Pairs, i => FormattableString.Invariant($"X{i:D2}-{i:D6}"), Citizens.BirthDate));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task Crosswise_changes_of_held_times_never_deadlock()
    {
        var nine = MondayNine;
        var quarterPast = MondayNine.AddMinutes(15);
        for (var i = 0; i < 2 * Pairs; i++)
        {
            Assert.True((await HoldAsync(i, i % 2 == 0 ? nine : quarterPast)).Ok);
        }

        using var start = new SemaphoreSlim(0);
        var changes = Enumerable.Range(0, 2 * Pairs).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await HoldAsync(i, i % 2 == 0 ? quarterPast : nine);
        })).ToList();
        start.Release(2 * Pairs);
        var outcomes = await Task.WhenAll(changes);

        Assert.All(outcomes, o => Assert.True(o.Ok, o.Problem?.Code));
        await using var check = _database.Open();
        Assert.Equal(2 * Pairs, await check.Holds.CountAsync());
        Assert.Equal(2 * Pairs, await check.Slots.SumAsync(s => s.Taken));
    }

    private async Task<Outcome<HeldSeats>> HoldAsync(int card, DateTimeOffset at)
    {
        await using var db = _database.Open();
        return await new HoldSeats(db, _clock, _settings).RunAsync(
            new HoldRequest(_placeId, at, [new CardProof(FormattableString.Invariant($"X{card:D2}-{card:D6}"), Citizens.BirthDate)]));
    }
}
