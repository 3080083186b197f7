namespace Madoguchi.Booking;

/// <summary>
/// Remembers the first answer to a request sent with an Idempotency-Key, so a retried POST
/// (a flaky phone connection, a double tap) gets that answer instead of doing the work twice.
/// </summary>
public sealed class IdempotentRequests(MadoguchiDb db, TimeProvider clock, BookingSettings settings)
{
    private const int Pending = 0;

    /// <summary>
    /// When this request claimed (or took over) its key: the row's CreatedAt serves as the owner's
    /// token, so a first request that was slow, not dead, cannot finish or delete the claim of the
    /// retry that took it over.
    /// </summary>
    private DateTimeOffset? _claimedAt;

    /// <summary>True when this request took over an unfinished one whose work may already be done.</summary>
    public bool TookOver { get; private set; }

    /// <summary>Null when this request is the first with the key; otherwise the stored answer.</summary>
    public async Task<IdempotentAnswer?> BeginAsync(string key, string requestHash, CancellationToken cancellationToken = default)
    {
        try
        {
            var now = clock.GetUtcNow();
            db.IdempotentAnswers.Add(new IdempotentAnswer { Key = key, RequestHash = requestHash, Status = Pending, CreatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            _claimedAt = now;
            return null;
        }
        catch (DbUpdateException e) when (Seats.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
        }

        for (var wait = 0; wait < 100; wait++)
        {
            var answer = await db.IdempotentAnswers.AsNoTracking().SingleOrDefaultAsync(a => a.Key == key, cancellationToken);
            if (answer is null || answer.Status != Pending)
            {
                return answer ?? await BeginAsync(key, requestHash, cancellationToken);
            }

            if (answer.RequestHash != requestHash)
            {
                // Another request under the same key: the caller refuses it, no need to wait.
                return answer;
            }

            if (answer.CreatedAt <= clock.GetUtcNow().AddSeconds(-settings.UnfinishedAnswerSeconds)
                && await TakeOverAsync(answer, cancellationToken))
            {
                // The first request's process died before answering (killed, restarted): this retry
                // does the work again. Booking from a hold finds the booking it may already have made.
                return null;
            }

            await Task.Delay(50, cancellationToken);
        }

        return new IdempotentAnswer { Key = key, RequestHash = requestHash, Status = 409, Body = null };
    }

    /// <summary>Only one retry takes an unfinished request over: the one whose update finds it unchanged.</summary>
    private async Task<bool> TakeOverAsync(IdempotentAnswer unfinished, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await db.IdempotentAnswers
            .Where(a => a.Key == unfinished.Key && a.Status == Pending && a.CreatedAt == unfinished.CreatedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, now), cancellationToken) != 1)
        {
            return false;
        }

        (_claimedAt, TookOver) = (now, true);
        return true;
    }

    /// <summary>Stores the answer, unless a retry has taken the request over meanwhile (its answer counts).</summary>
    public async Task CompleteAsync(string key, int status, string body, CancellationToken cancellationToken = default) =>
        await db.IdempotentAnswers.Where(a => a.Key == key && a.Status == Pending && a.CreatedAt == _claimedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, status).SetProperty(a => a.Body, body), cancellationToken);

    /// <summary>Gives the key up after a failure, unless a retry has taken the request over meanwhile.</summary>
    public async Task AbandonAsync(string key) =>
        await db.IdempotentAnswers.Where(a => a.Key == key && a.Status == Pending && a.CreatedAt == _claimedAt).ExecuteDeleteAsync();
}
