using Madoguchi.Booking;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Data;

public static class Transactions
{
    /// <summary>
    /// Runs the work in one transaction and commits only when it says so. On SQLite the transaction
    /// begins IMMEDIATE (Microsoft.Data.Sqlite's default), so writers queue instead of failing.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this MadoguchiDb db, Func<Task<(bool Commit, T Result)>> work, CancellationToken cancellationToken = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var (commit, result) = await work();
            if (commit)
            {
                await transaction.CommitAsync(cancellationToken);
            }
            else
            {
                await transaction.RollbackAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            return result;
        });
    }

    /// <summary>Reads a hold and, on PostgreSQL, locks its row until the transaction ends.</summary>
    public static Task<Hold?> LockedHoldAsync(this MadoguchiDb db, Guid id, CancellationToken cancellationToken)
    {
        var query = db.Provider == DatabaseProvider.Postgres
            ? db.Holds.FromSqlRaw("SELECT * FROM holds WHERE id = {0} FOR UPDATE", id)
            : db.Holds.Where(h => h.Id == id);
        return query.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
    }
}
