using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Ledger;

namespace Madoguchi.Counter;

/// <summary>An issue shown for correction: the record, its card's ledger entry, its place and booking code.</summary>
public sealed record IssueToCorrect(IssueAtCounter Issued, LedgerEntry? Entry, Place Place, string? BookingCode);

/// <summary>
/// Corrects a mistaken issue (交付の訂正), never silently: the issue record keeps who corrected it,
/// when and why; the ledger entry goes back to ready with a status change that carries the reason;
/// the booking, if any, goes back to checked in so the right card can be handed over. Writes
/// <c>counter.correct</c> in the same transaction, or the refusal.
/// </summary>
public sealed class CorrectIssue(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    public const int ReasonLength = 400;

    /// <summary>The issue as the correction form shows it, recorded as <c>counter.correction.view</c> (or refused).</summary>
    public async Task<Outcome<IssueToCorrect>> OpenAsync(long issueId, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken = default)
    {
        var read = await ReadAsync(issueId, allowedPlaces, cancellationToken);
        await audit.RecordAsync(db, "counter.correction.view", Records(issueId, read.Value), read.Problem is null ? AuditOutcome.Ok : AuditOutcome.Refused, cancellationToken);
        return read;
    }

    private async Task<Outcome<IssueToCorrect>> ReadAsync(long issueId, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        var issued = await CounterReads.IssuesAsync(db, db.CardIssues.Where(i => i.Id == issueId), cancellationToken);
        if (issued.Count == 0)
        {
            return CounterProblems.IssueNotFound();
        }

        var issue = issued[0].Issue;
        var place = await CounterReads.PlaceOfAsync(db, issue.PlaceId, allowedPlaces, cancellationToken);
        if (place.Problem is { } notYours)
        {
            return notYours;
        }

        var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.ManagementNumber == issue.ManagementNumber, cancellationToken);
        var code = issue.BookingId is { } bookingId
            ? await db.Bookings.AsNoTracking().Where(b => b.Id == bookingId).Select(b => b.Code).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new IssueToCorrect(issued[0], entry, place.Value!, code);
    }

    /// <summary>What an entry about a correction names: the issue, its booking if any, and its card's ledger entry.</summary>
    private static IReadOnlyList<string> Records(long issueId, IssueToCorrect? issue) =>
        issue is null
            ? [$"issue:{issueId}"]
            : [$"issue:{issueId}", .. issue.Issued.Issue.BookingId is { } booking ? [$"booking:{booking}"] : Array.Empty<string>(), .. issue.Entry is { } entry ? [$"ledger:{entry.Id}"] : Array.Empty<string>()];

    public async Task<Outcome<IssueToCorrect>> RunAsync(long issueId, string? reason, int staffId, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken = default)
    {
        var read = await ReadAsync(issueId, allowedPlaces, cancellationToken);
        if (read.Problem is { } problem)
        {
            await audit.RecordAsync(db, "counter.correct", Records(issueId, null), AuditOutcome.Refused, cancellationToken);
            return problem;
        }

        var done = await CorrectAsync(read.Value!, reason, staffId, cancellationToken);
        if (done is not null)
        {
            await audit.RecordAsync(db, "counter.correct", Records(issueId, read.Value), AuditOutcome.Refused, cancellationToken);
            return done;
        }

        return await ReadAsync(issueId, allowedPlaces, cancellationToken);
    }

    private async Task<Problem?> CorrectAsync(IssueToCorrect read, string? reason, int staffId, CancellationToken cancellationToken)
    {
        var issue = read.Issued.Issue;
        var issueId = issue.Id;
        if (issue.CorrectedAt is { } corrected)
        {
            return CounterProblems.Refused("already-corrected", $"この交付は {CounterWords.When(corrected)} に訂正済みです。もう一度訂正することはできません。");
        }

        var why = reason?.Trim() ?? "";
        if (why.Length == 0 || why.Length > ReasonLength)
        {
            return CounterProblems.Refused("reason-required", $"訂正の理由を{ReasonLength}文字までで入力してください（例: 別の方のカードを交付済みにしてしまったため）。理由は記録として残ります。", "reason");
        }

        var now = clock.GetUtcNow();
        return await db.InTransactionAsync<Problem?>(async () =>
        {
            var marked = await db.CardIssues.Where(i => i.Id == issueId && i.CorrectedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.CorrectedAt, now).SetProperty(i => i.CorrectedBy, staffId).SetProperty(i => i.CorrectionReason, why), cancellationToken);
            if (marked == 0)
            {
                return (false, CounterProblems.Refused("already-corrected", "この交付はほかの画面で先に訂正されました。画面を開き直して確かめてください。"));
            }

            var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.ManagementNumber == issue.ManagementNumber, cancellationToken);
            var restored = entry is null ? 0 : await db.LedgerEntries.Where(e => e.Id == entry.Id && e.Status == CardStatus.Issued)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, CardStatus.Ready).SetProperty(e => e.StatusChangedAt, now), cancellationToken);
            if (restored == 0)
            {
                var status = entry?.Status.Japanese() ?? "記録なし";
                return (false, CounterProblems.Refused("ledger-changed", $"交付管理簿のこのカードは今「{status}」で、交付済ではないため訂正できません。係長に確認してください。"));
            }

            db.LedgerStatusChanges.Add(new LedgerStatusChange { EntryId = entry!.Id, From = CardStatus.Issued, To = CardStatus.Ready, Reason = why, StaffId = staffId, ChangedAt = now });
            await db.SaveChangesAsync(cancellationToken);
            if (issue.BookingId is { } bookingId)
            {
                await db.Bookings.Where(b => b.Id == bookingId && b.Status == BookingStatus.Issued)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BookingStatus.CheckedIn), cancellationToken);
            }

            await audit.RecordAsync(db, "counter.correct", Records(issueId, read with { Entry = entry }), cancellationToken: cancellationToken);
            return (true, null);
        }, cancellationToken);
    }
}
