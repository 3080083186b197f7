using Madoguchi.Booking;

namespace Madoguchi.Tests.Faults;

/// <summary>
/// A request sent with an Idempotency-Key whose process died before answering leaves its answer
/// "unfinished". A retry must not be told "being processed" for ever: once the answer is older than
/// UnfinishedAnswerSeconds, exactly one retry takes the request over (ADR 0015).
/// </summary>
[Trait("Category", "Faults")]
public abstract class UnfinishedAnswerTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Key = "bookings|192.0.2.1|retry-after-kill";
    private const string SlowKey = "bookings|192.0.2.1|slow-not-dead";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));

    // The default: thirty seconds, far longer than any booking takes.
    private readonly BookingSettings _settings = new();
    private readonly List<MadoguchiDb> _open = [];
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);

        // The first request began and its process was killed before it could answer.
        await using var db = _database.Open();
        Assert.Null(await new IdempotentRequests(db, _clock, _settings).BeginAsync(Key, "same-body"));
    }

    public async Task DisposeAsync()
    {
        foreach (var db in _open)
        {
            await db.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_retry_soon_after_is_asked_to_wait_not_served_twice()
    {
        _clock.Advance(TimeSpan.FromSeconds(_settings.UnfinishedAnswerSeconds - 1));
        await using var db = _database.Open();
        var answer = await new IdempotentRequests(db, _clock, _settings).BeginAsync(Key, "same-body");
        Assert.NotNull(answer);
        Assert.Equal(409, answer.Status);
        Assert.Null(answer.Body);
    }

    [SkippableFact]
    public async Task Once_unfinished_for_long_exactly_one_of_two_retries_takes_it_over_and_the_other_gets_its_answer()
    {
        _clock.Advance(TimeSpan.FromSeconds(_settings.UnfinishedAnswerSeconds + 1));
        var retries = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await using var db = _database.Open();
            var requests = new IdempotentRequests(db, _clock, _settings);
            var earlier = await requests.BeginAsync(Key, "same-body");
            if (earlier is null)
            {
                await requests.CompleteAsync(Key, 201, "{\"code\":\"ABCD-2345\"}");
            }

            return earlier;
        })).ToList();
        var answers = await Task.WhenAll(retries);

        Assert.Single(answers, a => a is null);
        var other = Assert.Single(answers, a => a is not null)!;
        Assert.Equal(201, other.Status);
        Assert.Equal("{\"code\":\"ABCD-2345\"}", other.Body);
    }

    [SkippableFact]
    public async Task A_slow_first_request_does_not_overwrite_the_answer_of_the_retry_that_took_it_over()
    {
        var (slow, retry) = await TakenOverAsync();

        // The slow one finishes after all, with an answer the retry will give differently.
        await slow.CompleteAsync(SlowKey, 500, "{\"code\":\"slow\"}");
        Assert.Equal((0, null), await StoredAsync());

        await retry.CompleteAsync(SlowKey, 201, "{\"code\":\"ABCD-2345\"}");
        Assert.Equal((201, "{\"code\":\"ABCD-2345\"}"), await StoredAsync());
    }

    [SkippableFact]
    public async Task A_slow_first_request_that_fails_does_not_delete_the_claim_of_the_retry_that_took_it_over()
    {
        var (slow, _) = await TakenOverAsync();

        // Deleting the retry's claim would let a third request do the work again.
        await slow.AbandonAsync(SlowKey);
        Assert.Equal((0, null), await StoredAsync());
    }

    /// <summary>
    /// A first request that is slow, not dead (a stalled connection): still running when its
    /// answer, unfinished for longer than UnfinishedAnswerSeconds, is taken over by a retry.
    /// </summary>
    private async Task<(IdempotentRequests Slow, IdempotentRequests Retry)> TakenOverAsync()
    {
        var slow = new IdempotentRequests(Open(), _clock, _settings);
        Assert.Null(await slow.BeginAsync(SlowKey, "same-body"));
        _clock.Advance(TimeSpan.FromSeconds(_settings.UnfinishedAnswerSeconds + 1));
        var retry = new IdempotentRequests(Open(), _clock, _settings);
        Assert.Null(await retry.BeginAsync(SlowKey, "same-body"));
        return (slow, retry);
    }

    /// <summary>The stored answer under the key, null when the claim is gone.</summary>
    private async Task<(int Status, string? Body)?> StoredAsync()
    {
        await using var db = _database.Open();
        var answer = await db.IdempotentAnswers.AsNoTracking().SingleOrDefaultAsync(a => a.Key == SlowKey);
        return answer is null ? null : (answer.Status, answer.Body);
    }

    private MadoguchiDb Open()
    {
        var db = _database.Open();
        _open.Add(db);
        return db;
    }

    [SkippableFact]
    public async Task A_different_request_under_the_same_key_never_takes_it_over()
    {
        _clock.Advance(TimeSpan.FromMinutes(5));
        await using var db = _database.Open();
        var answer = await new IdempotentRequests(db, _clock, _settings).BeginAsync(Key, "another-body");

        // The API refuses it because the hash differs (BookingApi.Guarded).
        Assert.NotNull(answer);
        Assert.Equal("same-body", answer.RequestHash);
    }
}

public sealed class UnfinishedAnswerOnSqlite() : UnfinishedAnswerTests(DatabaseProvider.Sqlite);

public sealed class UnfinishedAnswerOnPostgres() : UnfinishedAnswerTests(DatabaseProvider.Postgres);
