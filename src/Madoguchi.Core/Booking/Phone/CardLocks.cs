using Madoguchi.Audit;

namespace Madoguchi.Booking.Phone;

/// <summary>A card the public lock-out refuses now: for everyone until <c>LockedForAllUntil</c>, and for <c>Addresses</c> addresses until <c>LastAddressUntil</c>.</summary>
public sealed record LockedCard(string ManagementNumber, long? LedgerEntryId, DateTimeOffset? LockedForAllUntil, int Addresses, DateTimeOffset? LastAddressUntil);

/// <summary>
/// The office's view of the public lock-out (ADR 0025): which cards wrong dates of birth have locked,
/// and the unlock a clerk gives a citizen who calls about it. Unlocking forgets the card's counts
/// (for everyone and per address); the next wrong dates count from zero. The unlock writes its own
/// <c>card.unlock</c> entry in its transaction (refused when nothing was locked); the office's page
/// records the list it shows (<c>card.locks.view</c>).
/// </summary>
public sealed class CardLocks(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    private sealed record AddressLock(string ManagementNumber, int Addresses, DateTimeOffset LastUntil);

    /// <summary>As <see cref="AddressLock"/>, on SQLite, which keeps instants as UTC ticks (ADR 0029).</summary>
    private sealed record AddressLockTicks(string ManagementNumber, int Addresses, long LastUntil);

    /// <summary>The cards locked now, recorded as <c>card.locks.view</c> with their ledger entries.</summary>
    public async Task<IReadOnlyList<LockedCard>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var forAll = await db.CardAttempts.AsNoTracking().Where(a => a.LockedUntil > now)
            .Select(a => new { a.ManagementNumber, a.LockedUntil }).ToListAsync(cancellationToken);
        const string ByAddress = """
            SELECT management_number AS "ManagementNumber", CAST(COUNT(*) AS integer) AS "Addresses", MAX(locked_until) AS "LastUntil"
            FROM card_client_attempts WHERE locked_until > {0} GROUP BY management_number
            """;
        var byAddress = db.Provider == DatabaseProvider.Sqlite
            ? (await db.Database.SqlQueryRaw<AddressLockTicks>(ByAddress, now.UtcTicks).ToListAsync(cancellationToken))
                .Select(a => new AddressLock(a.ManagementNumber, a.Addresses, new DateTimeOffset(a.LastUntil, TimeSpan.Zero))).ToList()
            : await db.Database.SqlQueryRaw<AddressLock>(ByAddress, db.Instant(now)).ToListAsync(cancellationToken);
        var numbers = forAll.Select(a => a.ManagementNumber).Union(byAddress.Select(a => a.ManagementNumber)).ToList();
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => numbers.Contains(e.ManagementNumber))
            .Select(e => new { e.ManagementNumber, e.Id }).ToDictionaryAsync(e => e.ManagementNumber, e => e.Id, cancellationToken);
        var cards = numbers
            .Select(n =>
            {
                var all = forAll.FirstOrDefault(a => a.ManagementNumber == n);
                var addresses = byAddress.FirstOrDefault(a => a.ManagementNumber == n);
                return new LockedCard(
                    n,
                    entries.TryGetValue(n, out var id) ? id : null,
                    all?.LockedUntil,
                    addresses?.Addresses ?? 0,
                    addresses?.LastUntil);
            })
            .OrderBy(c => c.ManagementNumber, StringComparer.Ordinal)
            .ToList();
        await audit.RecordAsync(db, "card.locks.view", [.. cards.Where(c => c.LedgerEntryId is not null).Select(c => $"ledger:{c.LedgerEntryId}")], cancellationToken: cancellationToken);
        return cards;
    }

    /// <summary>The card's ledger entry, which the audit log names it by.</summary>
    private async Task<long?> LedgerEntryOfAsync(string managementNumber, CancellationToken cancellationToken = default) =>
        await db.LedgerEntries.AsNoTracking().Where(e => e.ManagementNumber == managementNumber).Select(e => (long?)e.Id).SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Forgets the card's wrong dates and lifts its locks; false when nothing was locked or counted
    /// for it. Each address keeps its strikes, so an attacker's next lock is still the longer one.
    /// On PostgreSQL it waits for the card's check in progress (check_card's per-card lock), which
    /// would otherwise write back the count it read before the unlock.
    /// </summary>
    public async Task<bool> UnlockAsync(string managementNumber, CancellationToken cancellationToken = default)
    {
        var entry = await LedgerEntryOfAsync(managementNumber, cancellationToken);
        IReadOnlyList<string> records = entry is { } id ? [$"ledger:{id}"] : [$"card:{managementNumber}"];
        return await db.InTransactionAsync(async () =>
        {
            if (db.Provider == DatabaseProvider.Postgres)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended('madoguchi-card:' || {0}, 0))", [managementNumber], cancellationToken);
            }

            var forAll = await db.Database.ExecuteSqlRawAsync("DELETE FROM card_attempts WHERE management_number = {0}", [managementNumber], cancellationToken);
            var byAddress = await db.Database.ExecuteSqlRawAsync(
                "UPDATE card_client_attempts SET failures = 0, locked_until = NULL WHERE management_number = {0} AND (failures > 0 OR locked_until IS NOT NULL)",
                [managementNumber],
                cancellationToken);
            var unlocked = forAll + byAddress > 0;
            await audit.RecordAsync(db, "card.unlock", records, unlocked ? AuditOutcome.Ok : AuditOutcome.Refused, cancellationToken);
            return (true, unlocked);
        }, cancellationToken);
    }
}
