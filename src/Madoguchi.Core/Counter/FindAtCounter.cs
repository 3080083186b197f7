using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Booking.Formats;
using Madoguchi.Calendar;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Counter;

/// <summary>
/// What a number typed at the counter found: a booking to open, or a ledger entry (a walk-in, R5)
/// with its issues and any booking it has on another day or at another place.
/// </summary>
public sealed record FoundAtCounter(long? BookingId, FoundCard? Card);

/// <summary>A ledger entry found by its number, and whether it can be handed over here and now without a booking.</summary>
public sealed record FoundCard(LedgerEntry Entry, IReadOnlyList<IssueAtCounter> Issues, Problem? CannotIssue)
{
    public bool MayIssue => CannotIssue is null;
}

/// <summary>
/// One input for what a clerk has in hand: a booking code (what a QR reader types, any case or
/// width) or the postcard's management number. What was typed is not recorded in the audit log
/// (<c>counter.find</c>); what it found is: the booking, or the ledger entry and its issues.
/// </summary>
public sealed class FindAtCounter(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    public const string Hint = "予約番号（例: 3C7K-9HQA、QR コードの読み取り）か、交付通知書の管理番号（例: A1B-123456）を入力してください。";

    /// <summary>The one day whose bookings the staff member may see (today for パート), or null for any day.</summary>
    public DateOnly? OnlyDay { get; init; }

    /// <summary>Whether the staff member may cancel bookings (係長・職員): told to cancel it themselves, not to ask.</summary>
    public bool MayCancel { get; init; }

    public async Task<Outcome<FoundAtCounter>> RunAsync(string? typed, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(typed, allowedPlaces, cancellationToken);
        IReadOnlyList<string>? records = found.Value switch
        {
            { BookingId: { } bookingId } => [$"booking:{bookingId}"],
            { Card: { } card } => [$"ledger:{card.Entry.Id}", .. card.Issues.Select(i => $"issue:{i.Issue.Id}")],
            _ => null,
        };
        await audit.RecordAsync(db, "counter.find", records, found.Problem is null ? AuditOutcome.Ok : AuditOutcome.Refused, cancellationToken);
        return found;
    }

    private async Task<Outcome<FoundAtCounter>> FindAsync(string? typed, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return CounterProblems.Refused("empty", Hint, "q");
        }

        if (BookingCode.TryNormalize(typed, out var code))
        {
            var booking = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Code == code, cancellationToken);
            if (booking is null)
            {
                return CounterProblems.Refused("booking-not-found", $"予約番号 {code} の予約はありません（取り消された可能性があります）。交付通知書の管理番号で探してください。", "q");
            }

            var place = await CounterReads.PlaceOfAsync(db, booking.PlaceId, allowedPlaces, cancellationToken);
            if (place.Problem is { } notYours)
            {
                return notYours with { Field = "q" };
            }

            var day = CounterWords.DayOf(booking.Start);
            return OnlyDay is { } only && day != only ? CounterProblems.TodayOnly(only, day) with { Field = "q" } : new FoundAtCounter(booking.Id, null);
        }

        if (ManagementNumber.TryNormalize(typed, out var number))
        {
            return await ByNumberAsync(number, allowedPlaces, cancellationToken);
        }

        return CounterProblems.Refused("not-a-number", $"「{typed.Trim()}」は予約番号でも管理番号でもありません。" + Hint, "q");
    }

    private async Task<Outcome<FoundAtCounter>> ByNumberAsync(string number, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.ManagementNumber == number, cancellationToken);
        if (entry is null)
        {
            return CounterProblems.Refused("card-not-found", $"管理番号 {number} は交付管理簿にありません。交付通知書の番号を確かめてください。", "q");
        }

        // Today's booking of this card, active or already served, opens that booking.
        var today = clock.Today();
        var from = SlotSchedule.At(today, TimeOnly.MinValue);
        var until = SlotSchedule.At(today.AddDays(1), TimeOnly.MinValue);
        var todays = await db.BookedCards.AsNoTracking()
            .Where(c => c.ManagementNumber == number)
            .Join(db.Bookings, c => c.BookingId, b => b.Id, (c, b) => b)
            .Where(b => b.Start >= from && b.Start < until && b.Status != BookingStatus.NoShow)
            .OrderByDescending(b => b.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (todays is not null)
        {
            var place = await CounterReads.PlaceOfAsync(db, todays.PlaceId, allowedPlaces, cancellationToken);
            if (place.Problem is { } notYours)
            {
                return notYours with { Field = "q" };
            }

            return new FoundAtCounter(todays.Id, null);
        }

        var cannot = await IssueCard.NotReadyAsync(db, clock, entry, cancellationToken);
        if (cannot is null && await BookedElsewhereAsync(number, cancellationToken) is { } booked)
        {
            cannot = booked;
        }

        var issues = await CounterReads.IssuesAsync(db, db.CardIssues.Where(i => i.ManagementNumber == number), cancellationToken);
        return new FoundAtCounter(null, new FoundCard(entry, issues, cannot));
    }

    private async Task<Problem?> BookedElsewhereAsync(string number, CancellationToken cancellationToken)
    {
        var other = await db.BookedCards.AsNoTracking()
            .Where(c => c.ManagementNumber == number && c.Active)
            .Join(db.Bookings, c => c.BookingId, b => b.Id, (c, b) => new { b.Id, b.Code, b.Start, b.PlaceId })
            .FirstOrDefaultAsync(cancellationToken);
        if (other is null)
        {
            return null;
        }

        var place = await db.Places.AsNoTracking().Where(p => p.Id == other.PlaceId).Select(p => p.Name).SingleAsync(cancellationToken);
        var next = MayCancel
            ? "今日お渡しするときは、下の「この予約を取り消す」から理由を入力して予約を取り消してから交付してください。"
            : "今日お渡しするときは、その予約の取り消しを職員（係長・職員）に頼んでから交付してください。";
        return CounterProblems.Refused("card-booked", $"このカードには {CounterWords.Day(CounterWords.DayOf(other.Start))} {CounterWords.Time(other.Start)}、{place} の予約（予約番号 {other.Code}）があります。{next}", "number") with
        {
            BookingId = other.Id,
        };
    }
}
