using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Counter;

/// <summary>A card handed over without a booking (R5): the number found, the number typed or scanned from the card, where.</summary>
public sealed record WalkInRequest(string? ShownNumber, string? TypedNumber, string? PlaceCode, int? Counter, bool Confirmed);

/// <summary>
/// Hands a card over (交付). The clerk types or scans the card's number; the screen shows the ledger's
/// name and date of birth beside it to compare with the ID document, and the clerk confirms. A number
/// that is not the booking's, a card already issued, or no confirmation is refused. The issue record,
/// the ledger's status, the booking's card and the booking's status change in one transaction, with
/// the entry <c>counter.issue</c> (or <c>counter.walkin</c> without a booking); a refusal is recorded too.
/// </summary>
public sealed class IssueCard(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    /// <summary>
    /// The first step: which of the booking's cards the typed number is, so its name and date of
    /// birth can be shown. Recorded as <c>counter.issue.check</c> with the booking and its cards' entries.
    /// </summary>
    public async Task<Outcome<LedgerEntry>> CheckAsync(long bookingId, string? typedNumber, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(bookingId, typedNumber, allowedPlaces, cancellationToken);
        await audit.RecordAsync(
            db,
            "counter.issue.check",
            await CounterReads.ShownRecordsAsync(db, bookingId, prepared.Problem, cancellationToken),
            prepared.Problem is null ? AuditOutcome.Ok : AuditOutcome.Refused,
            cancellationToken);
        return prepared.Problem is { } problem ? problem : prepared.Value.Entry;
    }

    public async Task<Outcome<CardIssue>> ForBookingAsync(long bookingId, string? typedNumber, bool confirmed, int staffId, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken = default)
    {
        var done = await IssueForBookingAsync(bookingId, typedNumber, confirmed, staffId, allowedPlaces, cancellationToken);
        if (done.Problem is { } problem)
        {
            await audit.RecordAsync(db, "counter.issue", await CounterReads.ShownRecordsAsync(db, bookingId, problem, cancellationToken), AuditOutcome.Refused, cancellationToken);
        }

        return done;
    }

    public async Task<Outcome<CardIssue>> WalkInAsync(WalkInRequest request, int staffId, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var done = await IssueWithoutBookingAsync(request, staffId, allowedPlaces, cancellationToken);
        if (done.Problem is not null)
        {
            await audit.RecordAsync(db, "counter.walkin", await ShownCardRecordsAsync(request.ShownNumber, cancellationToken), AuditOutcome.Refused, cancellationToken);
        }

        return done;
    }

    /// <summary>Why a card cannot be handed over now (already issued, destroyed, not yet arrived), or null when it can.</summary>
    internal static async Task<Problem?> NotReadyAsync(MadoguchiDb db, TimeProvider clock, LedgerEntry entry, CancellationToken cancellationToken)
    {
        switch (entry.Status)
        {
            case CardStatus.Issued:
                var issue = await db.CardIssues.AsNoTracking()
                    .Where(i => i.ManagementNumber == entry.ManagementNumber && i.CorrectedAt == null)
                    .OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken);
                var place = issue is null ? null : await db.Places.AsNoTracking().Where(p => p.Id == issue.PlaceId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
                var where = issue is null ? "" : $"（{CounterWords.When(issue.IssuedAt)}、{place} 窓口{issue.Counter}）";
                return CounterProblems.Refused("already-issued", $"管理番号 {entry.ManagementNumber} のカードは交付済みです{where}。二重には交付できません。記録に誤りがあるときは「交付の訂正」で理由を添えて直してください。", "number");
            case CardStatus.Destroyed:
            case CardStatus.Withdrawn:
                return CounterProblems.Refused("card-not-ready", $"管理番号 {entry.ManagementNumber} のカードは「{entry.Status.Japanese()}」になっているため交付できません。係長に確認してください。", "number");
        }

        if (entry.ArrivedOn > clock.Today())
        {
            return CounterProblems.Refused("card-not-ready", $"管理番号 {entry.ManagementNumber} のカードはまだ届いていません（到着予定 {entry.ArrivedOn:yyyy-MM-dd}）。届いてから交付してください。", "number");
        }

        return null;
    }

    private async Task<Outcome<CardIssue>> IssueForBookingAsync(long bookingId, string? typedNumber, bool confirmed, int staffId, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(bookingId, typedNumber, allowedPlaces, cancellationToken);
        if (prepared.Problem is { } problem)
        {
            return problem;
        }

        if (!confirmed)
        {
            return CounterProblems.NotConfirmed();
        }

        var (booking, entry) = prepared.Value;
        return await WriteAsync(entry, booking, booking.PlaceId, booking.Counter ?? 1, staffId, cancellationToken);
    }

    private async Task<Outcome<CardIssue>> IssueWithoutBookingAsync(WalkInRequest request, int staffId, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        var place = await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Code == request.PlaceCode, cancellationToken);
        if (place is null)
        {
            return CounterProblems.UnknownPlace(request.PlaceCode);
        }

        if (!allowedPlaces.Contains(place.Code))
        {
            return CounterProblems.NotYourPlace(place);
        }

        if (request.Counter is not { } counter || counter < 1 || counter > place.Counters)
        {
            return CounterProblems.Refused("counter-invalid", $"{place.Name} の窓口の番号を 1〜{place.Counters} から選んでください。", "counter");
        }

        if (!ManagementNumber.TryNormalize(request.TypedNumber, out var number))
        {
            return CounterProblems.NumberFormat();
        }

        if (request.ShownNumber is not null && (!ManagementNumber.TryNormalize(request.ShownNumber, out var shown) || shown != number))
        {
            return CounterProblems.Refused("number-mismatch", $"入力した番号 {number} は、表示している交付管理簿の記録（{request.ShownNumber}）と違います。手元のカードの番号を確かめてください。", "number");
        }

        var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.ManagementNumber == number, cancellationToken);
        if (entry is null)
        {
            return NotInLedger(number);
        }

        if (await NotReadyAsync(db, clock, entry, cancellationToken) is { } notReady)
        {
            return notReady;
        }

        if (await ActiveBookingAsync(number, exceptBookingId: null, cancellationToken) is { } booked)
        {
            return booked;
        }

        if (!request.Confirmed)
        {
            return CounterProblems.NotConfirmed();
        }

        return await WriteAsync(entry, null, place.Id, counter, staffId, cancellationToken);
    }

    private async Task<Outcome<(PickupBooking Booking, LedgerEntry Entry)>> PrepareAsync(long bookingId, string? typedNumber, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        var found = await CounterReads.BookingAtAsync(db, db.Bookings.Include(b => b.Cards), bookingId, allowedPlaces, cancellationToken);
        if (found.Problem is { } refused)
        {
            return refused;
        }

        var booking = found.Value.Booking;

        switch (booking.Status)
        {
            case BookingStatus.Booked:
                return CounterProblems.Refused("not-checked-in", "先に来庁を記録してください（窓口の番号を選んで「来庁を記録」を押します）。");
            case BookingStatus.Issued:
                return CounterProblems.Refused("wrong-status", "この予約のカードはすべて交付済みです。記録に誤りがあるときは「交付の訂正」で直してください。");
            case BookingStatus.NoShow:
                return CounterProblems.Refused("wrong-status", "この予約は「来庁なし」として記録済みです。管理番号で検索して、予約なしの交付で対応してください。");
        }

        if (!ManagementNumber.TryNormalize(typedNumber, out var number))
        {
            return CounterProblems.NumberFormat();
        }

        if (!booking.Cards.Any(c => c.ManagementNumber == number))
        {
            var own = string.Join("、", booking.Cards.OrderBy(c => c.Id).Select(c => c.ManagementNumber));
            return CounterProblems.Refused("number-not-in-booking", $"管理番号 {number} は、この予約（{booking.Code}）のカードではありません。この予約のカードは {own} です。取り出したカードと交付通知書の番号を確かめてください。", "number");
        }

        var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.ManagementNumber == number, cancellationToken);
        if (entry is null)
        {
            return NotInLedger(number);
        }

        if (await NotReadyAsync(db, clock, entry, cancellationToken) is { } notReady)
        {
            return notReady;
        }

        if (await ActiveBookingAsync(number, bookingId, cancellationToken) is { } other)
        {
            return other;
        }

        return (booking, entry);
    }

    private async Task<Outcome<CardIssue>> WriteAsync(LedgerEntry entry, PickupBooking? booking, int placeId, int counter, int staffId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var number = entry.ManagementNumber;
        return await db.InTransactionAsync<Outcome<CardIssue>>(async () =>
        {
            // The conditional update decides between two clerks pressing at once: only one finds the card ready.
            var updated = await db.LedgerEntries.Where(e => e.Id == entry.Id && e.Status == CardStatus.Ready)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, CardStatus.Issued).SetProperty(e => e.StatusChangedAt, now), cancellationToken);
            if (updated == 0)
            {
                return (false, CounterProblems.Refused("already-issued", $"管理番号 {number} のカードは、ほかの窓口で先に交付済みになりました。二重には交付できません。画面を開き直して確かめてください。", "number"));
            }

            if (booking is not null && !await db.Bookings.AnyAsync(b => b.Id == booking.Id && b.Status == BookingStatus.CheckedIn, cancellationToken))
            {
                return (false, CounterProblems.Refused("changed", "ほかの窓口でこの予約が先に操作されました。画面を開き直して、今の状態を確かめてください。"));
            }

            if (await ActiveBookingAsync(number, booking?.Id, cancellationToken) is { } other)
            {
                return (false, other);
            }

            var issue = new CardIssue { ManagementNumber = number, BookingId = booking?.Id, PlaceId = placeId, Counter = counter, IssuedAt = now, IssuedBy = staffId };
            db.CardIssues.Add(issue);
            await db.SaveChangesAsync(cancellationToken);
            if (booking is not null)
            {
                var id = booking.Id;
                await db.BookedCards.Where(c => c.BookingId == id && c.ManagementNumber == number && c.Active)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Active, false), cancellationToken);
                var waiting = await db.BookedCards.Where(c => c.BookingId == id)
                    .AnyAsync(c => !db.CardIssues.Any(i => i.BookingId == id && i.ManagementNumber == c.ManagementNumber && i.CorrectedAt == null), cancellationToken);
                if (!waiting)
                {
                    await db.Bookings.Where(b => b.Id == id && b.Status == BookingStatus.CheckedIn)
                        .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BookingStatus.Issued), cancellationToken);
                }
            }

            if (booking is not null)
            {
                await audit.RecordAsync(db, "counter.issue", [$"booking:{booking.Id}", $"issue:{issue.Id}", $"ledger:{entry.Id}"], cancellationToken: cancellationToken);
            }
            else
            {
                await audit.RecordAsync(db, "counter.walkin", [$"issue:{issue.Id}", $"ledger:{entry.Id}"], cancellationToken: cancellationToken);
            }

            return (true, issue);
        }, cancellationToken);
    }

    /// <summary>Another active booking holding the card: it must be handed over there (or that booking cancelled) instead.</summary>
    private async Task<Problem?> ActiveBookingAsync(string number, long? exceptBookingId, CancellationToken cancellationToken)
    {
        var other = await db.BookedCards.AsNoTracking()
            .Where(c => c.ManagementNumber == number && c.Active && c.BookingId != exceptBookingId)
            .Join(db.Bookings, c => c.BookingId, b => b.Id, (c, b) => new { b.Id, b.Code, b.Start, b.PlaceId })
            .FirstOrDefaultAsync(cancellationToken);
        if (other is null)
        {
            return null;
        }

        var place = await db.Places.AsNoTracking().Where(p => p.Id == other.PlaceId).Select(p => p.Name).SingleAsync(cancellationToken);
        var day = CounterWords.DayOf(other.Start);
        var next = day == clock.Today()
            ? "その予約の画面から交付してください。"
            : "今日お渡しするときは、その予約の取り消しを職員（係長・職員）に頼んでから交付してください。";
        return CounterProblems.Refused("card-booked", $"管理番号 {number} のカードには予約があります（予約番号 {other.Code}、{CounterWords.Day(day)} {CounterWords.Time(other.Start)}、{place}）。{next}", "number");
    }

    /// <summary>What a refused walk-in names, as the find page shows the card again: the shown card's ledger entry and its issues.</summary>
    private async Task<List<string>> ShownCardRecordsAsync(string? shownNumber, CancellationToken cancellationToken)
    {
        if (!ManagementNumber.TryNormalize(shownNumber, out var number)
            || await db.LedgerEntries.AsNoTracking().Where(e => e.ManagementNumber == number).Select(e => (long?)e.Id).SingleOrDefaultAsync(cancellationToken) is not { } entryId)
        {
            return [];
        }

        var issues = await db.CardIssues.AsNoTracking().Where(i => i.ManagementNumber == number).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync(cancellationToken);
        return [$"ledger:{entryId}", .. issues.Select(i => $"issue:{i}")];
    }

    private static Problem NotInLedger(string number) =>
        CounterProblems.Refused("card-not-found", $"管理番号 {number} は交付管理簿にありません。カードと交付通知書の番号を確かめてください。", "number");
}
