using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Notices;
using Madoguchi.Staff;

using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Demo;

/// <summary>
/// Starts training mode's data again (練習データを作り直す): the ledger, its imports, bookings, holds,
/// seats, issues, closures and their calls, mails and the citizens' attempt counters are deleted and
/// seeded anew, with today's bookings. Staff accounts, places and the audit log stay (the audit log
/// cannot be deleted at all). Only for training mode; the caller checks and audits.
/// </summary>
public sealed class ResetTrainingData(MadoguchiDb db, TimeProvider clock, UserManager<StaffAccount> users, BookingSettings settings, NoticeSettings notices, Madoguchi.Audit.AuditTrail audit)
{
    public async Task<DemoSeedResult> RunAsync(string? mailFolder, CancellationToken cancellationToken = default)
    {
        await db.InTransactionAsync<bool>(async () =>
        {
            await db.ClosureCalls.ExecuteDeleteAsync(cancellationToken);
            await db.CardIssues.ExecuteDeleteAsync(cancellationToken);
            await db.BookedCards.ExecuteDeleteAsync(cancellationToken);
            await db.Bookings.ExecuteDeleteAsync(cancellationToken);
            await db.BookingTombstones.ExecuteDeleteAsync(cancellationToken);
            await db.HoldCards.ExecuteDeleteAsync(cancellationToken);
            await db.Holds.ExecuteDeleteAsync(cancellationToken);
            await db.Slots.ExecuteDeleteAsync(cancellationToken);
            await db.ClosedDays.ExecuteDeleteAsync(cancellationToken);
            await db.Outbox.ExecuteDeleteAsync(cancellationToken);
            await db.CardAttempts.ExecuteDeleteAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM card_client_attempts", cancellationToken);
            if (db.Provider == DatabaseProvider.Postgres)
            {
                await db.Database.ExecuteSqlRawAsync("DELETE FROM card_checks", cancellationToken);
            }

            await db.ClientCounts.ExecuteDeleteAsync(cancellationToken);
            await db.IdempotentAnswers.ExecuteDeleteAsync(cancellationToken);
            await db.LedgerStatusChanges.ExecuteDeleteAsync(cancellationToken);
            await db.LedgerEntries.ExecuteDeleteAsync(cancellationToken);
            await db.LedgerImportProblems.ExecuteDeleteAsync(cancellationToken);
            await db.LedgerImports.ExecuteDeleteAsync(cancellationToken);
            await audit.RecordAsync(db, "training.reset", cancellationToken: cancellationToken);
            return (true, true);
        }, cancellationToken);
        CalendarCache.Clear();

        if (mailFolder is not null && Directory.Exists(mailFolder))
        {
            foreach (var file in Directory.EnumerateFiles(mailFolder, "*.eml"))
            {
                File.Delete(file);
            }
        }

        return await new SeedDemoData(db, clock, users, settings, notices, audit).RunAsync(cancellationToken);
    }
}
