using Madoguchi.Audit;
using Madoguchi.Booking;

namespace Madoguchi.Ledger.Unclaimed;

public enum UnclaimedList
{
    /// <summary>再通知: ready for more than the reminder months, but not yet the destroy months.</summary>
    Reminder,

    /// <summary>廃棄: ready for more than the destroy months.</summary>
    Destroy,
}

/// <summary>How long a card may wait: more than this many months and it goes on a list.</summary>
public sealed record UnclaimedAges(int ReminderMonths, int DestroyMonths)
{
    public const int DefaultReminderMonths = 3;
    public const int DefaultDestroyMonths = 12;
    public const int MostMonths = 120;

    public static UnclaimedAges Default { get; } = new(DefaultReminderMonths, DefaultDestroyMonths);
}

/// <summary>A card waiting to be collected, with the booking it has (if any) so nobody reminds a citizen who already booked.</summary>
public sealed record UnclaimedCard(long Id, string ManagementNumber, string Name, DateOnly BirthDate, string Address, DateOnly ArrivedOn, int DaysWaiting, DateTimeOffset? BookedFor);

public sealed record UnclaimedPage(int Total, IReadOnlyList<UnclaimedCard> Cards);

public sealed record UnclaimedLists(UnclaimedPage Reminder, UnclaimedPage Destroy);

/// <summary>
/// Cards ready at the counter and not collected (未受取): the 再通知 list (more than three months
/// by default) and the 廃棄 list (more than a year). A card on the 廃棄 list is not also on the
/// 再通知 list. "More than N months" counts from the arrival day: a card that arrived on 11/22
/// has waited three months on 2/22 and more than three from 2/23. Names, dates of birth and
/// addresses: the cards shown or saved are written to the audit log.
/// </summary>
public sealed class UnclaimedCards(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    public const int PageSize = 500;

    /// <summary>Both lists as the page shows them (the first <paramref name="limit"/> cards of each).</summary>
    public async Task<UnclaimedLists> ShowAsync(UnclaimedAges ages, int limit = PageSize, CancellationToken cancellationToken = default)
    {
        var lists = new UnclaimedLists(
            await ListAsync(UnclaimedList.Reminder, ages, limit, cancellationToken),
            await ListAsync(UnclaimedList.Destroy, ages, limit, cancellationToken));
        await audit.RecordAsync(
            db,
            "unclaimed.view",
            [.. lists.Reminder.Cards.Concat(lists.Destroy.Cards).Select(c => c.Id).Distinct().Select(id => $"ledger:{id}")],
            cancellationToken: cancellationToken);
        return lists;
    }

    /// <summary>Every card of a list for an .xlsx file.</summary>
    public async Task<IReadOnlyList<UnclaimedCard>> ExportAsync(UnclaimedList list, UnclaimedAges ages, CancellationToken cancellationToken = default)
    {
        var cards = await AllAsync(list, ages, cancellationToken).ToListAsync(cancellationToken);
        await audit.RecordAsync(db, $"export.unclaimed.{Name(list)}.xlsx", [.. cards.Select(c => $"ledger:{c.Id}")], cancellationToken: cancellationToken);
        return cards;
    }

    /// <summary>
    /// Every card of a list as CSV, written as it is read. The rows' ids are known only once written:
    /// a download broken off records the rows that went.
    /// </summary>
    public async Task<int> WriteCsvAsync(UnclaimedList list, UnclaimedAges ages, TextWriter writer, CancellationToken cancellationToken = default)
    {
        var written = new List<long>();
        try
        {
            return await UnclaimedCsv.WriteAsync(Noting(AllAsync(list, ages, cancellationToken), written), writer, cancellationToken);
        }
        finally
        {
            await audit.RecordAsync(db, $"export.unclaimed.{Name(list)}", [.. written.Select(id => $"ledger:{id}")], cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>An export asked for with no list or wrong ages is refused, and recorded so.</summary>
    public Task RefuseExportAsync(CancellationToken cancellationToken = default) =>
        audit.RecordAsync(db, "export.unclaimed", outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);

    /// <summary>The list's name in addresses and in the audit log: <c>reminder</c> or <c>destroy</c>.</summary>
    public static string Name(UnclaimedList list) => list == UnclaimedList.Destroy ? "destroy" : "reminder";

    private async Task<UnclaimedPage> ListAsync(UnclaimedList list, UnclaimedAges ages, int limit = PageSize, CancellationToken cancellationToken = default)
    {
        var query = Query(list, ages);
        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderBy(e => e.ArrivedOn).ThenBy(e => e.ManagementNumber).Take(limit).ToListAsync(cancellationToken);
        var numbers = entries.Select(e => e.ManagementNumber).ToList();
        var booked = await db.BookedCards.AsNoTracking()
            .Where(c => c.Active && numbers.Contains(c.ManagementNumber))
            .Join(db.Bookings.Where(b => b.Status == BookingStatus.Booked || b.Status == BookingStatus.CheckedIn), c => c.BookingId, b => b.Id, (c, b) => new { c.ManagementNumber, b.Start })
            .ToListAsync(cancellationToken);
        var bookedFor = booked.ToDictionary(b => b.ManagementNumber, b => b.Start);
        var today = clock.Today();
        return new UnclaimedPage(total, [.. entries.Select(e => Card(e, today, bookedFor.TryGetValue(e.ManagementNumber, out var start) ? start.ToCityTime() : null))]);
    }

    private static async IAsyncEnumerable<UnclaimedCard> Noting(IAsyncEnumerable<UnclaimedCard> cards, List<long> ids)
    {
        await foreach (var card in cards)
        {
            ids.Add(card.Id);
            yield return card;
        }
    }

    /// <summary>Every card of a list, oldest first, read as it is written out (for the CSV).</summary>
    private async IAsyncEnumerable<UnclaimedCard> AllAsync(UnclaimedList list, UnclaimedAges ages, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var today = clock.Today();
        await foreach (var e in Query(list, ages).OrderBy(e => e.ArrivedOn).ThenBy(e => e.ManagementNumber).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Card(e, today, null);
        }
    }

    /// <summary>Arrived strictly before this day: waited more than the months.</summary>
    public DateOnly ArrivedBefore(int months) => clock.Today().AddMonths(-months);

    private IQueryable<LedgerEntry> Query(UnclaimedList list, UnclaimedAges ages)
    {
        var reminder = ArrivedBefore(ages.ReminderMonths);
        var destroy = ArrivedBefore(ages.DestroyMonths);
        var ready = db.LedgerEntries.AsNoTracking().Where(e => e.Status == CardStatus.Ready);
        return list == UnclaimedList.Destroy
            ? ready.Where(e => e.ArrivedOn < destroy)
            : ready.Where(e => e.ArrivedOn < reminder && e.ArrivedOn >= destroy);
    }

    private static UnclaimedCard Card(LedgerEntry e, DateOnly today, DateTimeOffset? bookedFor) =>
        new(e.Id, e.ManagementNumber, e.Name, e.BirthDate, e.Address, e.ArrivedOn, today.DayNumber - e.ArrivedOn.DayNumber, bookedFor);
}
