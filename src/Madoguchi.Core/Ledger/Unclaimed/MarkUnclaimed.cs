using Madoguchi.Booking;
using Madoguchi.Data;

using Microsoft.EntityFrameworkCore;

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
/// active booking given up: the whole booking is cancelled when it was for this card alone (seats
/// back, phone and e-mail deleted, a tombstone kept), else the card leaves its family's booking
/// and its seat goes back.
/// </summary>
public sealed class MarkUnclaimed(MadoguchiDb db, TimeProvider clock)
{
    public const int ReasonLength = 400;

    /// <summary>What a cancelled booking's tombstone says cancelled it.</summary>
    public const string CancelledBy = "destroyed";

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

        if (errors.Count > 0)
        {
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
                return (true, new MarkingResult(MarkingStatus.Marked, errors, marked, skipped, cancelled));
            },
            cancellationToken);
    }

    private async Task<int> GiveUpBookingsAsync(List<string> numbers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cards = await db.BookedCards.AsNoTracking().Where(c => c.Active && numbers.Contains(c.ManagementNumber)).ToListAsync(cancellationToken);
        var cancelled = 0;
        foreach (var group in cards.GroupBy(c => c.BookingId))
        {
            var cardIds = group.Select(c => c.Id).ToList();
            await db.BookedCards.Where(c => cardIds.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Active, false), cancellationToken);
            var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == group.Key, cancellationToken);
            if (booking.Status is not (BookingStatus.Booked or BookingStatus.CheckedIn))
            {
                continue;
            }

            var left = await db.BookedCards.CountAsync(c => c.BookingId == booking.Id && c.Active, cancellationToken);

            // A family member already handed a card keeps the booking (and its seat) as the record of that issue.
            var issued = await db.CardIssues.AnyAsync(i => i.BookingId == booking.Id && i.CorrectedAt == null, cancellationToken);
            var seats = left == 0 && !issued ? booking.People : cardIds.Count;
            if (left == 0 && !issued)
            {
                await db.BookedCards.Where(c => c.BookingId == booking.Id).ExecuteDeleteAsync(cancellationToken);
                await db.Bookings.Where(b => b.Id == booking.Id).ExecuteDeleteAsync(cancellationToken);
                // Deleted means gone: the booking's mails waiting never go and keep no address or text (ADR 0012: no mail for this cancel).
                await Madoguchi.Notices.CitizenNotices.ForgetAsync(db, booking.Id, clock.GetUtcNow(), cancellationToken);
                cancelled++;
            }
            else
            {
                var status = left == 0 ? BookingStatus.Issued : booking.Status;
                await db.Bookings.Where(b => b.Id == booking.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.People, b => b.People - seats).SetProperty(b => b.Status, status), cancellationToken);
            }

            if (group.Any(c => c.SlotId is not null))
            {
                // A family on consecutive times (ADR 0020): each given-up member's seat goes back to its own slot.
                foreach (var part in group.GroupBy(c => c.SlotId ?? booking.SlotId).OrderBy(g => g.Key))
                {
                    await db.Database.ExecuteSqlRawAsync("UPDATE slots SET taken = taken - {0} WHERE id = {1}", [part.Count(), part.Key], cancellationToken);
                }
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE slots SET taken = taken - {0} WHERE id = {1}", [seats, booking.SlotId], cancellationToken);
            }
            db.BookingTombstones.Add(new BookingTombstone
            {
                PlaceId = booking.PlaceId,
                Start = booking.Start,
                People = seats,
                BookedAt = booking.CreatedAt,
                CancelledAt = now,
                CancelledBy = CancelledBy,
                Channel = booking.Channel,
            });
        }

        return cancelled;
    }
}
