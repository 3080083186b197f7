using Madoguchi.Booking;

namespace Madoguchi.Tests.Wall.Attacks;

/// <summary>
/// Issue 13.4 and 13.5: wrong dates of birth for one card sent at once from many addresses were all
/// evaluated, and the right date among them answered differently; and five wrong dates from anyone
/// locked the card for everyone, the staff's phone booking included.
/// </summary>
public sealed class LockOutRaceTests
{
    private const string Card = "A1B-123456";
    private const string Birth = "1985-04-12";

    [SkippableTheory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Three_hundred_wrong_dates_at_once_from_as_many_addresses_have_at_most_five_evaluated_and_the_right_date_among_them_is_not_told_apart(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
        await using var app = await Attackers.StartPublicAsync(provider, clock);
        await app.ImportCardsAsync(clock, (Card, Birth));

        var start = new TaskCompletionSource();
        var wrong = Enumerable.Range(0, 300).Select(async i =>
        {
            await start.Task;
            return await Attackers.LookUpAsync(app, Card, new DateOnly(1950, 1, 1).AddDays(i).ToString("yyyy-MM-dd"), $"2001:db8::{i + 1:x}");
        }).ToList();
        // The right date goes out while the burst is still under way.
        var right = Task.Run(async () =>
        {
            await start.Task;
            while (wrong.Count(t => t.IsCompleted) < 30)
            {
                await Task.Delay(5);
            }

            return await Attackers.LookUpAsync(app, Card, Birth, "2001:db8::ffff");
        });
        start.SetResult();
        var answers = await Task.WhenAll(wrong);
        var rightAnswer = await right;

        var evaluated = answers.Count(a => a == "card-not-found");
        Assert.True(evaluated <= 5, $"{evaluated} of 300 wrong dates were evaluated ({string.Join(", ", answers.GroupBy(a => a).Select(g => $"{g.Key}: {g.Count()}"))})");
        Assert.True(answers.All(a => a is "card-not-found" or "too-many-attempts"), string.Join(", ", answers.GroupBy(a => a).Select(g => $"{g.Key}: {g.Count()}")));
        // Had it been evaluated, the right date would answer booking-not-found (the code is made up).
        Assert.Equal("too-many-attempts", rightAnswer);
    }

    [SkippableTheory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task The_staffs_phone_booking_books_a_card_the_public_lock_out_refuses(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
        await using var app = await Attackers.StartPublicAsync(provider, clock);
        await app.ImportCardsAsync(clock, (Card, Birth));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("card-not-found", await Attackers.LookUpAsync(app, Card, $"1960-01-0{i + 1}", "192.0.2.66"));
        }

        Assert.Equal("too-many-attempts", await Attackers.LookUpAsync(app, Card, Birth, "192.0.2.7"));

        // The office's phone booking (/office/bookings/new) books through ConfirmBooking with the channel "phone".
        await using var db = app.Database.Open();
        var honcho = await app.Database.PlaceIdAsync("honcho");
        var booked = await new ConfirmBooking(db, clock, new BookingSettings(), new Madoguchi.Notices.NoticeSettings())
            .RunAsync(new ConfirmRequest(null, honcho, new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9)), [new CardProof(Card, Birth)], "090-1234-5678", null, "phone"));

        Assert.True(booked.Ok, booked.Problem?.Code);
        // The citizen's own address, untouched by the attacker's, is still refused online while the card is locked.
        Assert.Equal("too-many-attempts", await Attackers.LookUpAsync(app, Card, Birth, "192.0.2.7"));
    }
}
