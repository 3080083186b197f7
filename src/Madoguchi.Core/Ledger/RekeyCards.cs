using Madoguchi.Audit;

using Npgsql;

namespace Madoguchi.Ledger;

/// <summary>
/// Writes every card's digest again under the current card key: after an upgrade from the unkeyed
/// SHA-256 digests, or after the key was changed (rotated). Each digest starts with its key's id, so
/// only the rows under another key are touched, in batches, and running it twice does nothing more.
/// The office process runs it at start; <c>madoguchi ledger rekey</c> runs it by hand (ADR 0025).
/// Each batch writes <c>ledger.rekey</c> in its transaction, naming the key (no card or date).
/// </summary>
public sealed class RekeyCards(MadoguchiDb db, AuditTrail audit)
{
    private const int Batch = 5000;

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var prefix = db.CardSecret.Prefix;
        var total = 0;
        while (true)
        {
            var rows = await db.LedgerEntries.AsNoTracking()
                .Where(e => !e.BirthDigest.StartsWith(prefix))
                .OrderBy(e => e.ManagementNumber)
                .Select(e => new { e.ManagementNumber, e.BirthDate })
                .Take(Batch)
                .ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                return total;
            }

            var numbers = rows.Select(r => r.ManagementNumber).ToArray();
            var digests = rows.Select(r => db.CardSecret.Digest(r.ManagementNumber, r.BirthDate)).ToArray();
            await db.InTransactionAsync<int>(async () =>
            {
                if (db.Provider == DatabaseProvider.Postgres)
                {
                    await db.Database.ExecuteSqlRawAsync(
                        "UPDATE ledger_entries l SET birth_digest = v.digest FROM unnest(@numbers, @digests) AS v(number, digest) WHERE l.management_number = v.number",
                        [new NpgsqlParameter("numbers", numbers), new NpgsqlParameter("digests", digests)],
                        cancellationToken);
                }
                else
                {
                    for (var i = 0; i < numbers.Length; i++)
                    {
                        await db.Database.ExecuteSqlRawAsync("UPDATE ledger_entries SET birth_digest = {0} WHERE management_number = {1}", [digests[i], numbers[i]], cancellationToken);
                    }
                }

                await audit.RecordAsync(db, "ledger.rekey", [$"cardkey:{db.CardSecret.Id}"], cancellationToken: cancellationToken);
                return (true, 0);
            }, cancellationToken);
            total += rows.Count;
        }
    }
}
