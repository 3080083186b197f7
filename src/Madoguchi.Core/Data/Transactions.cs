using Madoguchi.Booking;

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
            using var turn = await WriterTurnAsync(db, cancellationToken);
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

    /// <summary>One write outside a longer transaction (a counter, a lock-out), in this process's turn on SQLite.</summary>
    public static async Task<T> WriteAsync<T>(this MadoguchiDb db, Func<Task<T>> write, CancellationToken cancellationToken = default)
    {
        using var turn = await WriterTurnAsync(db, cancellationToken);
        return await write();
    }

    /// <summary>
    /// SQLite lets one writer in at a time and makes the others sleep and retry, which under a
    /// burst costs seconds. Writers of one process therefore queue here first. This is a queue, not
    /// the guard against overbooking: that stays the conditional update in the database, and on
    /// PostgreSQL (several processes) no queue is used at all.
    /// </summary>
    private static async Task<IDisposable?> WriterTurnAsync(MadoguchiDb db, CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Sqlite || db.Database.CurrentTransaction is not null)
        {
            return null;
        }

        var gate = SqliteWriters.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Turn(gate);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> SqliteWriters = new();

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
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
