using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Booking.Phone;
using Madoguchi.Notices;

namespace Madoguchi.Ledger.Unclaimed;

/// <summary>Cards chosen on the lists, to be marked destroyed (廃棄) or withdrawn (取消), with the reason.</summary>
public sealed record UnclaimedMarking(IReadOnlyList<long> EntryIds, CardStatus To, string? Reason);

public enum MarkingStatus
{
    Marked,
    Invalid,
}

/// <summary>
/// What <see cref="MarkUnclaimed"/> did. <see cref="Errors"/> is keyed by the name of the
/// <see cref="UnclaimedMarking"/> property at fault. <see cref="Skipped"/> names cards no longer
/// waiting (issued or marked by someone else meanwhile), which were left as they are.
/// </summary>
public sealed record MarkingResult(
    MarkingStatus Status,
    IReadOnlyDictionary<string, string> Errors,
    IReadOnlyList<string> Marked,
    IReadOnlyList<string> Skipped,
    int BookingsCancelled = 0);

/// <summary>
/// Marks waiting cards destroyed or withdrawn in one transaction: each entry's status and time,
/// a <see cref="LedgerStatusChange"/> with the reason and the member of staff, and the card's
/// active booking given up: the whole booking is cancelled through <see cref="CancelBooking"/> when
/// it was for these cards alone, else the cards leave their family's booking and their seats go
/// back (<see cref="Seats.LeaveAsync"/>). The audit entry (<c>unclaimed.destroy</c> or
/// <c>unclaimed.withdraw</c>, naming the entries changed) commits with the change; a refused
/// marking is recorded as refused, naming the entries chosen.
/// </summary>
public sealed class MarkUnclaimed(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    public const int ReasonLength = 400;

    public async Task<MarkingResult> RunAsync(UnclaimedMarking marking, int staffId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(marking);
        var errors = new Dictionary<string, string>();
        var ids = (marking.EntryIds ?? []).Distinct().ToList();
        if (ids.Count == 0)
        {
            errors[nameof(marking.EntryIds)] = "カードが選ばれていません。一覧のチェックボックスで、廃棄または取消にするカードを選んでください。";
        }

        if (marking.To is not (CardStatus.Destroyed or CardStatus.Withdrawn))
        {
            errors[nameof(marking.To)] = "「廃棄」か「取消」のどちらにするかを選んでください。";
        }

        var reason = (marking.Reason ?? "").Trim();
        if (reason.Length == 0)
        {
            errors[nameof(marking.Reason)] = "理由が空です。「交付通知から1年を過ぎたため」のように、記録に残す理由を書いてください。";
        }
        else if (reason.Length > ReasonLength)
        {
            errors[nameof(marking.Reason)] = $"理由が長すぎます（{reason.Length}文字）。{ReasonLength}文字以内にしてください。";
        }

        var action = marking.To == CardStatus.Withdrawn ? "unclaimed.withdraw" : "unclaimed.destroy";
        if (errors.Count > 0)
        {
            await audit.RecordAsync(db, action, [.. ids.Select(id => $"ledger:{id}")], AuditOutcome.Refused, cancellationToken);
            return new MarkingResult(MarkingStatus.Invalid, errors, [], []);
        }

        return await db.InTransactionAsync(
            async () =>
            {
                var now = clock.GetUtcNow();
                var entries = await db.LedgerEntries.AsNoTracking().Where(e => ids.Contains(e.Id))
                    .OrderBy(e => e.ManagementNumber).Select(e => new { e.Id, e.ManagementNumber }).ToListAsync(cancellationToken);
                var marked = new List<string>();
                var skipped = new List<string>();
                foreach (var entry in entries)
                {
                    // Only a card still waiting changes: one issued a moment ago at a counter stays issued.
                    var changed = await db.LedgerEntries.Where(e => e.Id == entry.Id && e.Status == CardStatus.Ready)
                        .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, marking.To).SetProperty(e => e.StatusChangedAt, now), cancellationToken);
                    if (changed == 0)
                    {
                        skipped.Add(entry.ManagementNumber);
                        continue;
                    }

                    db.LedgerStatusChanges.Add(new LedgerStatusChange
                    {
                        EntryId = entry.Id,
                        From = CardStatus.Ready,
                        To = marking.To,
                        Reason = reason,
                        StaffId = staffId,
                        ChangedAt = now,
                    });
                    marked.Add(entry.ManagementNumber);
                }

                var cancelled = await GiveUpBookingsAsync(marked, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                var markedIds = entries.Where(e => marked.Contains(e.ManagementNumber)).Select(e => e.Id).Order();
                await audit.RecordAsync(db, action, [.. markedIds.Select(id => $"ledger:{id}")], cancellationToken: cancellationToken);
                return (true, new MarkingResult(MarkingStatus.Marked, errors, marked, skipped, cancelled));
            },
            cancellationToken);
    }

    private async Task<int> GiveUpBookingsAsync(List<string> numbers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cards = await db.BookedCards.AsNoTracking().Where(c => c.Active && numbers.Contains(c.ManagementNumber)).ToListAsync(cancellationToken);

        // This cancel writes no mail (ADR 0012), so the notice settings are never read.
        var cancel = new CancelBooking(db, new NoticeSettings());
        var cancelled = 0;
        foreach (var group in cards.GroupBy(c => c.BookingId))
        {
            var leaving = group.ToList();
            var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == group.Key, cancellationToken);
            if (booking.Status is not (BookingStatus.Booked or BookingStatus.CheckedIn))
            {
                var ids = leaving.Select(c => c.Id).ToList();
                await db.BookedCards.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Active, false), cancellationToken);
                continue;
            }

            var others = await db.BookedCards.CountAsync(c => c.BookingId == booking.Id && c.Active, cancellationToken) - leaving.Count;

            // A family member already handed a card keeps the booking (and its seat) as the record of that issue.
            var issued = await db.CardIssues.AnyAsync(i => i.BookingId == booking.Id && i.CorrectedAt == null, cancellationToken);
            if (others == 0 && !issued)
            {
                cancelled += await cancel.RunAsync(booking, BookingTombstones.ByDestroyedCard, now, [BookingStatus.Booked, BookingStatus.CheckedIn], cancellationToken) ? 1 : 0;
                continue;
            }

            await Seats.LeaveAsync(db, booking, leaving, others == 0 ? BookingStatus.Issued : booking.Status, cancellationToken);
            db.BookingTombstones.Add(BookingTombstones.ForCancelled(booking, BookingTombstones.ByDestroyedCard, now, leaving.Count));
        }

        return cancelled;
    }
}
