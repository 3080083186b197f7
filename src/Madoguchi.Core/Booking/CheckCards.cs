using Madoguchi.Data;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Booking;

/// <summary>The postcard's number and the date of birth as the citizen typed them.</summary>
public sealed record CardProof(string? ManagementNumber, string? BirthDate);

/// <summary>
/// Checks a family's cards against the card keys only: the number, the digest of the date of birth
/// and the status. A wrong date of birth and an unknown number get the same answer; after five
/// wrong tries the number is locked for fifteen minutes, in the database, so every web process
/// honours the lock.
/// </summary>
public sealed class CheckCards(MadoguchiDb db, TimeProvider clock, BookingSettings settings)
{
    public async Task<Outcome<IReadOnlyList<string>>> RunAsync(IReadOnlyList<CardProof> cards, bool forNewBooking, CancellationToken cancellationToken = default)
    {
        if (cards.Count == 0 || cards.Count > settings.MaxPeople)
        {
            return BookingProblem.InvalidInput($"1回の予約でお申し込みできるのは1人から{settings.MaxPeople}人までです。", "cards");
        }

        var numbers = new List<string>(cards.Count);
        var births = new List<DateOnly>(cards.Count);
        for (var i = 0; i < cards.Count; i++)
        {
            if (!ManagementNumber.TryNormalize(cards[i].ManagementNumber, out var number))
            {
                return BookingProblem.InvalidInput("交付通知書の番号は、はがきに書かれた英数3桁-数字6桁（例: A1B-123456）を入力してください。", $"cards[{i}].managementNumber");
            }

            if (!JapaneseDate.TryParse(cards[i].BirthDate, out var birth, out var error))
            {
                return BookingProblem.InvalidInput($"生年月日: {error}", $"cards[{i}].birthDate");
            }

            if (numbers.Contains(number))
            {
                return BookingProblem.InvalidInput("同じ交付通知書の番号が2回入力されています。ご家族それぞれのはがきの番号を入力してください。", $"cards[{i}].managementNumber");
            }

            numbers.Add(number);
            births.Add(birth);
        }

        var now = clock.GetUtcNow();
        var locked = await db.CardAttempts.AsNoTracking()
            .Where(a => numbers.Contains(a.ManagementNumber) && a.LockedUntil != null)
            .ToListAsync(cancellationToken);
        if (locked.Where(a => a.LockedUntil > now).MaxBy(a => a.LockedUntil) is { } lockedCard)
        {
            return BookingProblem.TooManyAttempts(lockedCard.LockedUntil!.Value.ToCityTime());
        }

        var keys = await db.CardKeys.AsNoTracking().Where(k => numbers.Contains(k.ManagementNumber)).ToDictionaryAsync(k => k.ManagementNumber, cancellationToken);
        var wrong = new List<int>();
        for (var i = 0; i < numbers.Count; i++)
        {
            if (!keys.TryGetValue(numbers[i], out var key) || key.BirthDigest != CardKey.Digest(numbers[i], births[i]))
            {
                wrong.Add(i);
            }
        }

        if (wrong.Count > 0)
        {
            foreach (var i in wrong)
            {
                await RecordFailureAsync(numbers[i], now, cancellationToken);
            }

            return BookingProblem.CardNotFound($"cards[{wrong[0]}]");
        }

        if (locked.Count > 0 || await db.CardAttempts.AnyAsync(a => numbers.Contains(a.ManagementNumber), cancellationToken))
        {
            await db.CardAttempts.Where(a => numbers.Contains(a.ManagementNumber)).ExecuteDeleteAsync(cancellationToken);
        }

        var today = clock.Today();
        for (var i = 0; i < numbers.Count; i++)
        {
            var key = keys[numbers[i]];
            var field = $"cards[{i}]";
            switch (key.Status)
            {
                case CardStatus.Issued:
                    return BookingProblem.CardIssued(field);
                case CardStatus.Destroyed:
                case CardStatus.Withdrawn:
                    return BookingProblem.CardDestroyed(field);
            }

            if (key.ArrivedOn > today)
            {
                return BookingProblem.CardNotReady(field);
            }
        }

        if (forNewBooking)
        {
            var existing = await db.BookedCards.AsNoTracking()
                .Where(c => c.Active && numbers.Contains(c.ManagementNumber))
                .Join(db.Bookings, c => c.BookingId, b => b.Id, (c, b) => new { c.ManagementNumber, b.Code, b.Start, b.PlaceId })
                .FirstOrDefaultAsync(cancellationToken);
            if (existing is not null)
            {
                var place = await db.Places.AsNoTracking().Where(p => p.Id == existing.PlaceId).Select(p => p.Name).SingleAsync(cancellationToken);
                return BookingProblem.CardAlreadyBooked(existing.Code, existing.Start.ToCityTime(), place, $"cards[{numbers.IndexOf(existing.ManagementNumber)}]");
            }
        }

        return numbers;
    }

    private async Task RecordFailureAsync(string number, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stale = now.AddMinutes(-settings.LockMinutes).UtcTicks;
        var lockUntil = now.AddMinutes(settings.LockMinutes).UtcTicks;
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO card_attempts (management_number, failures, last_failure_at, locked_until)
            VALUES ({0}, 1, {1}, CASE WHEN {4} <= 1 THEN {3} END)
            ON CONFLICT (management_number) DO UPDATE SET
                failures = CASE WHEN card_attempts.last_failure_at < {2} THEN 1 ELSE card_attempts.failures + 1 END,
                last_failure_at = {1},
                locked_until = CASE
                    WHEN (CASE WHEN card_attempts.last_failure_at < {2} THEN 1 ELSE card_attempts.failures + 1 END) >= {4} THEN {3}
                    ELSE card_attempts.locked_until END
            """,
            [number, now.UtcTicks, stale, lockUntil, settings.AttemptsBeforeLock],
            cancellationToken);
    }
}
