using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Ledger;

namespace Madoguchi.Retention;

/// <summary>How many rows each kind of purge deleted (or, in a dry run, would delete).</summary>
public sealed record PurgeCounts(int Bookings, int Holds, int CardAttempts, int ClientCounts, int IdempotentAnswers, int DestroyedCards, int OutboxMails = 0)
{
    public int Total => Bookings + Holds + CardAttempts + ClientCounts + IdempotentAnswers + DestroyedCards + OutboxMails;

    /// <summary>The audit entry's records: counts by kind, never an id or a value.</summary>
    public IReadOnlyList<string> Records =>
    [
        $"bookings:{Bookings}",
        $"holds:{Holds}",
        $"card_attempts:{CardAttempts}",
        $"client_counts:{ClientCounts}",
        $"idempotent_answers:{IdempotentAnswers}",
        $"destroyed_cards:{DestroyedCards}",
        $"outbox_mails:{OutboxMails}",
    ];
}

/// <param name="ContactKeptFrom">Bookings of this day and later keep their phone and e-mail.</param>
/// <param name="DestroyedBefore">Cards destroyed before this instant lost their name and address (null when the city keeps them).</param>
public sealed record PurgeResult(PurgeCounts Counts, bool DryRun, DateOnly ContactKeptFrom, DateTimeOffset? DestroyedBefore, long? AuditEntryId);

/// <summary>
/// Deletes what the city no longer needs, in one transaction with its audit entry (<c>purge</c>,
/// records "bookings:12,holds:3,..."). Deleted means gone from the database, not flagged:
/// <list type="bullet">
/// <item>A booking's phone and e-mail, from the <see cref="RetentionSettings.BookingContactDays"/>th
/// day after its day on (30: a booking of 3/1 loses them on 3/31). The row stays, with phone "" and
/// e-mail null, for the statistics (place, time, people, status, channel) and the counter's
/// record of which cards it was for; it holds no contact data any more.</item>
/// <item>A mail to a citizen loses its address, text, HTML and .ics the same number of days after it
/// was written (a mail is written on or before its booking's day, so never later than the booking's
/// contacts go); its subject is cut down to its kind (no booking code); kind, status and dates stay for the office's outbox, and the demo mailbox's .eml files of that age are deleted.</item>
/// <item>Holds that ran out (their seats go back) with their cards; wrong-birth-date counters past
/// the lock window; per-address request counts older than 10 minutes; idempotency answers older
/// than a day.</item>
/// <item>A destroyed card's name and address, overwritten with 「（削除済）」 once it has been
/// destroyed longer than <see cref="RetentionSettings.DestroyedKeepDays"/>, unless the city keeps
/// whole entries (<see cref="DestroyedEntryKeep.All"/>).</item>
/// </list>
/// SQLite runs with secure_delete, so overwritten values do not linger in the file; PostgreSQL's
/// old row versions are reclaimed by autovacuum. A dry run does the same work and rolls it back,
/// so its counts are exactly what the purge would do; it writes no audit entry.
/// </summary>
/// <param name="mailFolder">Where the outbox worker writes mails as .eml files (demo mode), or null: those files older than the contacts' days are deleted too.</param>
public sealed class PurgeOldData(MadoguchiDb db, TimeProvider clock, RetentionSettings retention, BookingSettings booking, AuditTrail audit, string? mailFolder = null)
{
    public const string Action = "purge";

    /// <summary>What a destroyed card's name and address become.</summary>
    public const string Erased = "（削除済）";

    public static readonly TimeSpan ClientCountAge = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan IdempotentAnswerAge = TimeSpan.FromDays(1);

    public async Task<PurgeResult> RunAsync(bool dryRun, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var keptFrom = clock.Today().AddDays(1 - retention.BookingContactDays);
        var contactBefore = SlotSchedule.At(keptFrom, TimeOnly.MinValue);
        DateTimeOffset? destroyedBefore = retention.DestroyedKeep == DestroyedEntryKeep.Minimum ? now.AddDays(-retention.DestroyedKeepDays) : null;
        var result = await db.InTransactionAsync(
            async () =>
            {
                var bookings = await db.Bookings
                    .Where(b => b.Start < contactBefore && (b.Phone != "" || b.Email != null))
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.Phone, "").SetProperty(b => b.Email, (string?)null), cancellationToken);
                var holds = await new Seats(db, clock, booking).ReleaseExpiredAsync(null, cancellationToken);
                var attemptsBefore = now.AddMinutes(-booking.LockMinutes);
                var attempts = await db.CardAttempts
                    .Where(a => a.LastFailureAt < attemptsBefore && (a.LockedUntil == null || a.LockedUntil <= now))
                    .ExecuteDeleteAsync(cancellationToken);
                // An address's lock-out grows over a day (ADR 0025): its row goes a day after its last wrong date, once
                // unlocked. Not in the counts: it holds the same kind of record as card_attempts, already counted there.
                var dayBefore = db.Instant(now.AddDays(-1));
                await db.Database.ExecuteSqlRawAsync(
                    "DELETE FROM card_client_attempts WHERE last_failure_at < {0} AND (locked_until IS NULL OR locked_until <= {1})",
                    [dayBefore, db.Instant(now)],
                    cancellationToken);
                if (db.Provider == DatabaseProvider.Postgres)
                {
                    // A card check's answer (ADR 0025) is needed for ten minutes at most, by the cancel that follows it;
                    // a card's old answers also go at its next check, but a card checked once would keep its row for ever.
                    await db.Database.ExecuteSqlRawAsync("DELETE FROM card_checks WHERE at < {0}", [db.Instant(now.AddHours(-1))], cancellationToken);
                }

                var oldMinute = (now - ClientCountAge).ToUnixTimeSeconds() / 60;
                var counts = await db.ClientCounts.Where(c => c.Minute < oldMinute).ExecuteDeleteAsync(cancellationToken);
                var answersBefore = now - IdempotentAnswerAge;
                var answers = await db.IdempotentAnswers.Where(a => a.CreatedAt < answersBefore).ExecuteDeleteAsync(cancellationToken);
                var destroyed = destroyedBefore is { } before
                    ? await db.LedgerEntries
                        .Where(e => e.Status == CardStatus.Destroyed && e.StatusChangedAt < before && (e.Name != Erased || e.Address != Erased))
                        .ExecuteUpdateAsync(s => s.SetProperty(e => e.Name, Erased).SetProperty(e => e.Address, Erased), cancellationToken)
                    : 0;
                var mails = await Madoguchi.Notices.CitizenNotices.EraseAsync(db, db.Outbox.Where(m => m.CreatedAt < contactBefore), cancellationToken);
                var purged = new PurgeCounts(bookings, holds, attempts, counts, answers, destroyed, mails);
                long? entryId = null;
                if (!dryRun)
                {
                    entryId = await audit.RecordAsync(db, Action, purged.Records, cancellationToken: cancellationToken);
                }

                return (!dryRun, new PurgeResult(purged, dryRun, keptFrom, destroyedBefore, entryId));
            },
            cancellationToken);
        if (!dryRun && mailFolder is not null)
        {
            DeleteMailFiles(mailFolder, contactBefore);
        }

        return result;
    }

    /// <summary>
    /// The demo mailbox's .eml files written before the instant, like the outbox rows' text. A file's
    /// age is read from its name (the mail's date, UTC, as <c>DemoMailFolder</c> writes it), else from the file.
    /// </summary>
    public static int DeleteMailFiles(string folder, DateTimeOffset before)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            var name = Path.GetFileName(file);
            var written = name.Length >= 15 && DateTime.TryParseExact(name[..15], "yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
                ? new DateTimeOffset(date, TimeSpan.Zero)
                : new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
            if (written < before)
            {
                File.Delete(file);
                deleted++;
            }
        }

        return deleted;
    }
}
