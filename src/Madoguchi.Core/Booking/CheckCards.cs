using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;

using Microsoft.EntityFrameworkCore.Storage;

namespace Madoguchi.Booking;

/// <summary>The postcard's number and the date of birth as the citizen typed them.</summary>
public sealed record CardProof(string? ManagementNumber, string? BirthDate);

/// <summary>
/// Checks a family's cards. The date typed is digested with the card key (outside the database) and
/// compared in the database, which counts wrong dates and locks in the same transaction, one check
/// of a card at a time (ADR 0025): on PostgreSQL the function <c>check_card</c>, behind the public role's
/// only way to the ledger; on SQLite the same rules in one write transaction. A wrong date of birth
/// and an unknown number get the same answer. Per card, at most <c>AttemptsBeforeLock</c> wrong dates
/// are evaluated per lock window, from all addresses together; an address that reaches the limit is
/// locked for the card for longer each time. Staff channels check without the public lock-out.
/// </summary>
public sealed class CheckCards(MadoguchiDb db, TimeProvider clock, BookingSettings settings)
{
    private const int Wrong = 0;
    private const int Right = 1;
    private const int Locked = 2;

    private static readonly AsyncLocal<string?> RequestClient = new();

    /// <summary>
    /// The address the public request came from (the web pipeline sets it per request, after the
    /// trusted proxy's X-Forwarded-For is applied); the lock-out counts per card and per address.
    /// </summary>
    public static string? Client
    {
        get => RequestClient.Value;
        set => RequestClient.Value = value;
    }

    /// <summary>A citizen's check (web or API): counted and locked.</summary>
    public Task<Outcome<IReadOnlyList<string>>> RunAsync(IReadOnlyList<CardProof> cards, bool forNewBooking, CancellationToken cancellationToken = default) =>
        CheckAsync(cards, forNewBooking, staff: false, cancellationToken);

    /// <summary>
    /// A staff channel's check (the phone booking): the same answers, but never refused by the
    /// public lock-out nor counted in it, so a citizen whose card is attacked online can still book.
    /// </summary>
    public Task<Outcome<IReadOnlyList<string>>> ForStaffAsync(IReadOnlyList<CardProof> cards, bool forNewBooking, CancellationToken cancellationToken = default) =>
        CheckAsync(cards, forNewBooking, staff: true, cancellationToken);

    private async Task<Outcome<IReadOnlyList<string>>> CheckAsync(IReadOnlyList<CardProof> cards, bool forNewBooking, bool staff, CancellationToken cancellationToken)
    {
        if (cards.Count == 0 || cards.Count > settings.MaxPeople)
        {
            return BookingProblems.InvalidInput($"1回の予約でお申し込みできるのは1人から{settings.MaxPeople}人までです。", "cards");
        }

        var numbers = new List<string>(cards.Count);
        var births = new List<DateOnly>(cards.Count);
        for (var i = 0; i < cards.Count; i++)
        {
            if (!ManagementNumber.TryNormalize(cards[i].ManagementNumber, out var number))
            {
                return BookingProblems.InvalidInput("交付通知書の番号は、はがきに書かれた英数3桁-数字6桁（例: A1B-123456）を入力してください。", $"cards[{i}].managementNumber");
            }

            if (!JapaneseDate.TryParse(cards[i].BirthDate, out var birth, out var error))
            {
                return BookingProblems.InvalidInput($"生年月日: {error}", $"cards[{i}].birthDate");
            }

            if (numbers.Contains(number))
            {
                return BookingProblems.InvalidInput("同じ交付通知書の番号が2回入力されています。ご家族それぞれのはがきの番号を入力してください。", $"cards[{i}].managementNumber");
            }

            numbers.Add(number);
            births.Add(birth);
        }

        var client = Client is { Length: > 0 } address ? (address.Length > 64 ? address[..64] : address) : "unknown";
        var keys = new Dictionary<string, (CardStatus Status, DateOnly ArrivedOn)>();
        var wrong = new List<int>();
        for (var i = 0; i < numbers.Count; i++)
        {
            var digest = db.CardSecret.Digest(numbers[i], births[i]);
            var answer = staff
                ? await StaffCompareAsync(numbers[i], digest, cancellationToken)
                : db.Provider == DatabaseProvider.Postgres
                    ? await PostgresCheckAsync(numbers[i], digest, client, cancellationToken)
                    : await SqliteCheckAsync(numbers[i], digest, client, cancellationToken);
            switch (answer.Outcome)
            {
                case Locked:
                    Operations.MadoguchiMetrics.LockedOut();
                    return BookingProblems.TooManyAttempts(new DateTimeOffset(answer.LockedUntil ?? 0, TimeSpan.Zero).ToCityTime());
                case Right:
                    keys[numbers[i]] = ((CardStatus)answer.Status!.Value, answer.ArrivedOn!.Value);
                    break;
                default:
                    wrong.Add(i);
                    break;
            }
        }

        if (wrong.Count > 0)
        {
            return BookingProblems.CardNotFound($"cards[{wrong[0]}]");
        }

        var today = clock.Today();
        for (var i = 0; i < numbers.Count; i++)
        {
            var key = keys[numbers[i]];
            var field = $"cards[{i}]";
            switch (key.Status)
            {
                case CardStatus.Issued:
                    return BookingProblems.CardIssued(field);
                case CardStatus.Destroyed:
                case CardStatus.Withdrawn:
                    return BookingProblems.CardDestroyed(field);
            }

            if (key.ArrivedOn > today)
            {
                return BookingProblems.CardNotReady(field);
            }
        }

        if (forNewBooking && await AlreadyBookedAsync(db, numbers, cancellationToken) is { } booked)
        {
            return booked;
        }

        return numbers;
    }

    /// <summary>
    /// The booking one of the cards already has, told with its code, time and place; null when none has one.
    /// A direct booking asks only when its insert or its seats were refused: the unique index on active
    /// cards decides, and the success path saves the read (issue 14).
    /// </summary>
    public static async Task<Problem?> AlreadyBookedAsync(MadoguchiDb db, IReadOnlyList<string> numbers, CancellationToken cancellationToken)
    {
        var existing = await db.BookedCards.AsNoTracking().Where(c => c.Active && numbers.Contains(c.ManagementNumber))
            .Join(db.Bookings, c => c.BookingId, b => b.Id, (c, b) => new { c.ManagementNumber, b.Code, b.Start, b.PlaceId })
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is null)
        {
            return null;
        }

        var place = await db.Places.AsNoTracking().Where(p => p.Id == existing.PlaceId).Select(p => p.Name).SingleAsync(cancellationToken);
        return BookingProblems.CardAlreadyBooked(existing.Code, existing.Start.ToCityTime(), place, $"cards[{numbers.ToList().IndexOf(existing.ManagementNumber)}]");
    }

    /// <summary>The function's answer: 0 wrong, 1 right (with the card's status and arrival), 2 locked (until, in UTC ticks).</summary>
    public sealed record CardAnswer(int Outcome, int? Status, DateOnly? ArrivedOn, long? LockedUntil);

    /// <summary>
    /// The tickets of this check's right and wrong answers on PostgreSQL, by card: the proof a later
    /// call (the cancel by code) hands to the database, which keeps the answer behind it.
    /// </summary>
    public IReadOnlyDictionary<string, Guid> Tickets => _tickets;

    private readonly Dictionary<string, Guid> _tickets = [];

    /// <summary>
    /// Two statements, each its own transaction: the check is counted and committed before its answer
    /// can be read, so a caller that would roll the count back gets no answer (ADR 0025).
    /// </summary>
    private async Task<CardAnswer> PostgresCheckAsync(string number, string digest, string client, CancellationToken cancellationToken)
    {
        var ticket = (await db.Database.SqlQueryRaw<Guid>(
            """SELECT start_card_check({0}, {1}, {2}, {3}) AS "Value" """,
            number,
            digest,
            client,
            db.Instant(clock.GetUtcNow())).ToListAsync(cancellationToken)).Single();
        _tickets[number] = ticket;
        var answer = (await db.Database.SqlQueryRaw<PostgresCardAnswer>(
            """SELECT outcome AS "Outcome", status AS "Status", arrived_on AS "ArrivedOn", locked_until AS "LockedUntil" FROM card_check_result({0})""",
            ticket).ToListAsync(cancellationToken)).Single();
        return new CardAnswer(answer.Outcome, answer.Status, answer.ArrivedOn, answer.LockedUntil?.UtcTicks);
    }

    /// <summary>The answer of <c>card_check_result</c>, whose lock time is a timestamptz (ADR 0029).</summary>
    private sealed record PostgresCardAnswer(int Outcome, int? Status, DateOnly? ArrivedOn, DateTimeOffset? LockedUntil);

    private async Task<CardAnswer> StaffCompareAsync(string number, string digest, CancellationToken cancellationToken)
    {
        var key = await db.CardKeys.AsNoTracking().Where(k => k.ManagementNumber == number && k.BirthDigest == digest)
            .Select(k => new { k.Status, k.ArrivedOn }).SingleOrDefaultAsync(cancellationToken);
        return key is null ? new CardAnswer(Wrong, null, null, null) : new CardAnswer(Right, (int)key.Status, key.ArrivedOn, null);
    }

    /// <summary>The rules of <c>check_card</c>, for SQLite: one write transaction, and this process's writers queue (ADR 0006).</summary>
    private async Task<CardAnswer> SqliteCheckAsync(string number, string digest, string client, CancellationToken cancellationToken) =>
        await db.InTransactionAsync<CardAnswer>(async () =>
        {
            var now = clock.GetUtcNow().UtcTicks;
            var window = TimeSpan.FromMinutes(settings.LockMinutes).Ticks;
            var day = TimeSpan.FromDays(1).Ticks;
            var card = await RowAsync("SELECT failures, last_failure_at, locked_until, 0, 0 FROM card_attempts WHERE management_number = @number", number, client, cancellationToken);
            if (card?.LockedUntil > now)
            {
                return (false, new CardAnswer(Locked, null, null, card.LockedUntil));
            }

            var mine = await RowAsync("SELECT failures, last_failure_at, locked_until, strikes, struck_at FROM card_client_attempts WHERE management_number = @number AND client = @client", number, client, cancellationToken);
            if (mine?.LockedUntil > now)
            {
                return (false, new CardAnswer(Locked, null, null, mine.LockedUntil));
            }

            var key = await db.CardKeys.AsNoTracking().Where(k => k.ManagementNumber == number && k.BirthDigest == digest)
                .Select(k => new { k.Status, k.ArrivedOn }).SingleOrDefaultAsync(cancellationToken);
            if (key is not null)
            {
                if (mine is not null)
                {
                    await db.Database.ExecuteSqlRawAsync("DELETE FROM card_client_attempts WHERE management_number = {0} AND client = {1}", [number, client], cancellationToken);
                }

                return (true, new CardAnswer(Right, (int)key.Status, key.ArrivedOn, null));
            }

            var failures = card is null || card.LastFailureAt < now - window ? 1 : card.Failures + 1;
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO card_attempts (management_number, failures, last_failure_at, locked_until) VALUES ({0}, {1}, {2}, NULLIF({3}, 0))
                ON CONFLICT (management_number) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until
                """,
                [number, failures, now, failures >= settings.AttemptsBeforeLock ? now + window : 0L],
                cancellationToken);

            var strikes = mine is null || mine.StruckAt < now - day ? 0 : mine.Strikes;
            var mineFailures = mine is null || mine.LastFailureAt < now - window ? 1 : mine.Failures + 1;
            long? until = null;
            var struckAt = mine?.StruckAt ?? 0;
            if (mineFailures >= settings.AttemptsBeforeLock)
            {
                until = now + Math.Min(window * (1L << Math.Min(strikes, 10)), day);
                (strikes, mineFailures, struckAt) = (strikes + 1, 0, now);
            }

            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO card_client_attempts (management_number, client, failures, last_failure_at, locked_until, strikes, struck_at) VALUES ({0}, {1}, {2}, {3}, NULLIF({4}, 0), {5}, {6})
                ON CONFLICT (management_number, client) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
                    locked_until = excluded.locked_until, strikes = excluded.strikes, struck_at = excluded.struck_at
                """,
                [number, client, mineFailures, now, until ?? 0L, strikes, struckAt],
                cancellationToken);
            return (true, new CardAnswer(Wrong, null, null, null));
        }, cancellationToken);

    private sealed record Counts(int Failures, long LastFailureAt, long? LockedUntil, int Strikes, long StruckAt);

    private async Task<Counts?> RowAsync(string sql, string number, string client, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        foreach (var (name, value) in new[] { ("@number", number), ("@client", client) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Counts(reader.GetInt32(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt32(3), reader.GetInt64(4))
            : null;
    }
}
