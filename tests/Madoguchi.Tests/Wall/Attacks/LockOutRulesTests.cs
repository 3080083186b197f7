using Madoguchi.Booking;

namespace Madoguchi.Tests.Wall.Attacks;

/// <summary>
/// The lock-out's rules (ADR 0025), the same on both engines: five wrong dates per card per window
/// from all addresses together; a locked card refuses the right date too; an address that keeps
/// locking a card is locked for longer each time, so it cannot keep the card locked for everyone.
/// </summary>
public sealed class LockOutRulesTests
{
    private const string Card = "A1B-123456";
    private const string Birth = "1985-04-12";

    [SkippableTheory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Five_wrong_dates_lock_the_card_for_everyone_and_an_address_that_keeps_at_it_is_locked_longer_each_time(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.ImportLedgerAsync(clock, $"{Card},試験　花子,{Birth},女,長野県上田市大手一丁目1番");
        await using var db = database.Open();

        var check = new CheckCards(db, clock, new BookingSettings());
        async Task<string> TryAsync(string address, string birth)
        {
            CheckCards.Client = address;
            var answer = await check.RunAsync([new CardProof(Card, birth)], forNewBooking: false);
            return answer.Problem?.Code ?? "ok";
        }

        // 10:00: the attacker's address sends five wrong dates; the card is locked, for the citizen's address too.
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal("card-not-found", await TryAsync("192.0.2.66", $"1960-01-0{i}"));
        }

        Assert.Equal("too-many-attempts", await TryAsync("192.0.2.7", "1960-02-01"));
        Assert.Equal("too-many-attempts", await TryAsync("192.0.2.7", Birth));

        // 10:16: the card's lock has ended; the citizen's right date passes. The attacker locks it again ...
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal("ok", await TryAsync("192.0.2.7", Birth));
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal("card-not-found", await TryAsync("192.0.2.66", $"1961-01-0{i}"));
        }

        Assert.Equal("too-many-attempts", await TryAsync("192.0.2.7", Birth));

        // ... but its own lock is now 30 minutes: at 10:32 the card is open again and the attacker still refused, unevaluated.
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal("too-many-attempts", await TryAsync("192.0.2.66", "1962-01-01"));
        Assert.Equal("ok", await TryAsync("192.0.2.7", Birth));

        // The staff's check is never refused nor counted.
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal("card-not-found", await TryAsync($"192.0.2.{100 + i}", $"1963-01-0{i}"));
        }

        Assert.Equal("too-many-attempts", await TryAsync("192.0.2.7", Birth));
        Assert.True((await check.ForStaffAsync([new CardProof(Card, Birth)], forNewBooking: false)).Ok);
        Assert.Equal("card-not-found", (await check.ForStaffAsync([new CardProof(Card, "1963-02-01")], forNewBooking: false)).Problem?.Code);
    }
}
