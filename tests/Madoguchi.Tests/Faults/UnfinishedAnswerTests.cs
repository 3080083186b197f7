using Madoguchi.Booking;
using Madoguchi.Data;
using Madoguchi.Tests.Infrastructure;

using Microsoft.Extensions.Time.Testing;

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
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));

    // The default: thirty seconds, far longer than any booking takes.
    private readonly BookingSettings _settings = new();
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);

        // The first request began and its process was killed before it could answer.
        await using var db = _database.Open();
        Assert.Null(await new IdempotentRequests(db, _clock, _settings).BeginAsync(Key, "same-body"));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

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
