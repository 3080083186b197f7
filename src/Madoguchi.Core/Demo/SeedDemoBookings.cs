using System.Globalization;

using Madoguchi.Booking;
using Madoguchi.Booking.Formats;
using Madoguchi.Calendar;
using Madoguchi.Counter;
using Madoguchi.Ledger;
using Madoguchi.Notices;

namespace Madoguchi.Demo;

/// <summary>What the training bookings came to: today's by status, and those of the coming days.</summary>
public sealed record DemoBookingsResult(DateOnly Today, int Booked, int CheckedIn, int Issued, int NoShow, int Later)
{
    public int TodayTotal => Booked + CheckedIn + Issued + NoShow;
}

/// <summary>
/// Bookings for training mode, so that a trainee can practise check-in, issue, no-show and
/// correction on the first day. The coming days are booked through <see cref="ConfirmBooking"/>
/// as a citizen would. Today is outside the booking window, so today's bookings take their seats
/// with <see cref="Seats.TakeAsync"/> and are written as a booking is, then go through the
/// counter's own <see cref="CheckIn"/>, <see cref="IssueCard"/> and <see cref="MarkNoShow"/>: the
/// slots' seats, the booked cards, the ledger's status and the issue records agree on every page
/// and in the statistics. A no-show is recorded only for a time already over, as at the counter.
/// Those features write their own audit entries, in the name of whoever seeds the training data.
/// </summary>
public sealed class SeedDemoBookings(MadoguchiDb db, TimeProvider clock, BookingSettings settings, NoticeSettings notices, Madoguchi.Audit.AuditTrail audit)
{
    /// <summary>The login of the demo clerk who "handed over" today's issued cards.</summary>
    public const string IssuingClerk = "shokuin";

    private const int LaterDays = 3;

    private enum Plan
    {
        Booked,
        CheckedIn,
        Issued,
        NoShow,
    }

    private sealed record Card(string Number, DateOnly Birth, string FamilyName);

    public async Task<DemoBookingsResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var today = clock.Today();
        var pool = await CardsAsync(today, cancellationToken);
        var places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var codes = places.Select(p => p.Code).ToList();
        var clerk = await db.StaffAccounts.AsNoTracking().Where(s => s.UserName == IssuingClerk).Select(s => s.Id).SingleAsync(cancellationToken);

        var (booked, checkedIn, issued, noShow) = (0, 0, 0, 0);
        var calendar = await CityCalendar.LoadAsync(db, today, today.AddDays(settings.DaysAhead + 1), cancellationToken);
        var openToday = places.Select(p => (Place: p, Day: SlotSchedule.Day(p, today, calendar))).Where(p => p.Day.Open).ToList();
        if (openToday.Count > 0)
        {
            var now = clock.GetUtcNow();
            var (place, day) = openToday[0];
            // A family in one slot: as many as the slot seats (City Hall has two), at most three.
            var family = TakeFamily(pool, Math.Clamp(place.Seats, 1, 3));
            var plans = new List<(Plan Plan, IReadOnlyList<Card> Cards, string Channel, bool PreferPast)>
            {
                (Plan.Issued, Take(pool, 1), "web", true),
                (Plan.Issued, Take(pool, 1), "phone", true),
                (Plan.NoShow, Take(pool, 1), "web", true),
                (Plan.CheckedIn, Take(pool, 1), "web", false),
                (Plan.Booked, family, "web", false),
                (Plan.Booked, Take(pool, 1), "phone", false),
                (Plan.Booked, Take(pool, 1), "web", false),
                (Plan.Booked, Take(pool, 1), "web", false),
            };
            var free = day.Slots.ToDictionary(s => s.Start, _ => place.Seats);
            foreach (var (plan, cards, channel, preferPast) in plans)
            {
                var past = day.Slots.Where(s => s.End <= now && free[s.Start] >= cards.Count).ToList();
                var coming = day.Slots.Where(s => s.End > now && free[s.Start] >= cards.Count).ToList();
                if (plan == Plan.NoShow && past.Count == 0)
                {
                    // Before the first time is over nobody can be "not come" yet; the trainee marks one later.
                    continue;
                }

                var slot = preferPast ? past.FirstOrDefault() ?? coming.FirstOrDefault() : coming.FirstOrDefault() ?? past.LastOrDefault();
                if (slot is null)
                {
                    continue;
                }

                free[slot.Start] -= cards.Count;
                var id = await BookTodayAsync(place, slot, cards, channel, cancellationToken);
                if (id is null)
                {
                    continue;
                }

                switch (plan)
                {
                    case Plan.Booked:
                        booked++;
                        break;
                    case Plan.CheckedIn:
                        Require(await new CheckIn(db, clock, audit).RunAsync(id.Value, place.Counters, codes, cancellationToken));
                        checkedIn++;
                        break;
                    case Plan.Issued:
                        Require(await new CheckIn(db, clock, audit).RunAsync(id.Value, 1, codes, cancellationToken));
                        foreach (var card in cards)
                        {
                            Require(await new IssueCard(db, clock, audit).ForBookingAsync(id.Value, card.Number, confirmed: true, clerk, codes, cancellationToken));
                        }

                        issued++;
                        break;
                    case Plan.NoShow:
                        Require(await new MarkNoShow(db, clock, audit).RunAsync(id.Value, codes, cancellationToken));
                        noShow++;
                        break;
                }
            }

            // A branch centre's clerk (maruko) has a booking of their own to work on.
            var branch = openToday.FirstOrDefault(p => p.Place.Code == "maruko");
            var branchSlot = branch.Day?.Slots.FirstOrDefault(s => s.End > now) ?? branch.Day?.Slots.LastOrDefault();
            if (branchSlot is not null && await BookTodayAsync(branch.Place, branchSlot, Take(pool, 1), "web", cancellationToken) is not null)
            {
                booked++;
            }
        }

        var later = await BookComingDaysAsync(places, calendar, pool, cancellationToken);
        return new DemoBookingsResult(today, booked, checkedIn, issued, noShow, later);
    }

    /// <summary>Ready cards that arrived before today, never the postcards the README names, in the ledger's order.</summary>
    private async Task<List<Card>> CardsAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var postcards = DemoPostcards.All.Select(p => p.Number).ToList();
        var rows = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Status == CardStatus.Ready && e.ArrivedOn < today && !postcards.Contains(e.ManagementNumber)
                && !db.BookedCards.Any(c => c.Active && c.ManagementNumber == e.ManagementNumber))
            .OrderBy(e => e.Id).Take(200)
            .Select(e => new { e.ManagementNumber, e.BirthDate, e.Name })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new Card(r.ManagementNumber, r.BirthDate, r.Name.Split('\u3000', ' ')[0])).ToList();
    }

    private static List<Card> Take(List<Card> pool, int count)
    {
        var taken = pool.Take(count).ToList();
        pool.RemoveRange(0, taken.Count);
        return taken;
    }

    /// <summary>Cards of one family name, booked together as a family does.</summary>
    private static List<Card> TakeFamily(List<Card> pool, int count)
    {
        var family = pool.GroupBy(c => c.FamilyName).FirstOrDefault(g => g.Count() >= count)?.Take(count).ToList() ?? pool.Take(count).ToList();
        pool.RemoveAll(family.Contains);
        return family;
    }

    /// <summary>A booking for today: its seats taken in the slot, its cards booked, as <see cref="ConfirmBooking"/> writes one.</summary>
    private async Task<long?> BookTodayAsync(Place place, SlotTime time, IReadOnlyList<Card> cards, string channel, CancellationToken cancellationToken)
    {
        if (cards.Count == 0)
        {
            return null;
        }

        var seats = new Seats(db, clock, settings);
        return await db.InTransactionAsync<long?>(async () =>
        {
            var taken = await seats.TakeAsync(place, time, cards.Count, cancellationToken);
            if (!taken.Ok)
            {
                return (false, null);
            }

            var booking = new PickupBooking
            {
                Code = await ConfirmBooking.NewCodeAsync(db, cancellationToken),
                SlotId = taken.Value,
                PlaceId = place.Id,
                Start = time.Start,
                End = time.End,
                People = cards.Count,
                Phone = DemoPhone(cards[0]),
                CreatedAt = clock.GetUtcNow().AddDays(-3),
                Channel = channel,
                Cards = cards.Select(c => new BookedCard { ManagementNumber = c.Number }).ToList(),
            };
            db.Bookings.Add(booking);
            await db.SaveChangesAsync(cancellationToken);
            return (true, booking.Id);
        }, cancellationToken);
    }

    /// <summary>A few bookings on each of the first open days of the booking window, made as a citizen (or a clerk on the phone) makes them.</summary>
    private async Task<int> BookComingDaysAsync(IReadOnlyList<Place> places, CityCalendar calendar, List<Card> pool, CancellationToken cancellationToken)
    {
        var (first, last) = settings.Window(clock.Now());
        var confirm = new ConfirmBooking(db, clock, settings, notices);
        var made = 0;
        foreach (var place in places.Where(p => p == places[0] || p.Code == "maruko"))
        {
            var days = 0;
            for (var day = first; day <= last && days < LaterDays; day = day.AddDays(1))
            {
                var schedule = SlotSchedule.Day(place, day, calendar);
                if (!schedule.Open)
                {
                    continue;
                }

                days++;
                var wanted = place == places[0] ? 4 : 1;
                for (var i = 0; i < wanted && pool.Count > 0; i++)
                {
                    var slot = schedule.Slots[(i * 5 + days) % schedule.Slots.Count];
                    var cards = i == 1 && days == 1 ? TakeFamily(pool, 2) : Take(pool, 1);
                    var outcome = await confirm.RunAsync(new ConfirmRequest(
                        null,
                        place.Id,
                        slot.Start,
                        cards.Select(c => new CardProof(c.Number, c.Birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList(),
                        DemoPhone(cards[0]),
                        null,
                        i == 2 ? "phone" : "web"), cancellationToken);
                    made += outcome.Ok ? 1 : 0;
                }
            }
        }

        return made;
    }

    /// <summary>A made-up mobile number, one per card, written as a booking stores it.</summary>
    private static string DemoPhone(Card card)
    {
        PhoneNumber.TryNormalize(string.Create(CultureInfo.InvariantCulture, $"090-1000-{(uint)StableHash(card.Number) % 10000:D4}"), out var phone);
        return phone;
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private static void Require<T>(Outcome<T> outcome)
    {
        if (outcome.Problem is { } problem)
        {
            throw new InvalidOperationException($"練習用の予約を作れませんでした: {problem.Detail}");
        }
    }
}
