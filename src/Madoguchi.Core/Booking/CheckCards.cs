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
        var attempts = await db.CardAttempts.AsNoTracking()
            .Where(a => numbers.Contains(a.ManagementNumber))
            .ToListAsync(cancellationToken);
        if (attempts.Where(a => a.LockedUntil > now).MaxBy(a => a.LockedUntil) is { } lockedCard)
        {
            return BookingProblem.TooManyAttempts(lockedCard.LockedUntil!.Value.ToCityTime());
        }

        // One read for the keys and, for a new booking, any active booking of the same cards.
        var rows = await db.CardKeys.AsNoTracking().Where(k => numbers.Contains(k.ManagementNumber))
            .Select(k => new
            {
                Key = k,
                Booked = forNewBooking
                    ? db.BookedCards.Where(c => c.Active && c.ManagementNumber == k.ManagementNumber)
                        .Join(db.Bookings, c => c.BookingId, b => b.Id, (c, b) => new { b.Code, b.Start, b.PlaceId }).FirstOrDefault()
                    : null,
            })
            .ToListAsync(cancellationToken);
        var keys = rows.ToDictionary(r => r.Key.ManagementNumber, r => r.Key);
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

        if (attempts.Count > 0)
        {
            await db.WriteAsync(() => db.CardAttempts.Where(a => numbers.Contains(a.ManagementNumber)).ExecuteDeleteAsync(cancellationToken), cancellationToken);
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

        if (rows.FirstOrDefault(r => r.Booked is not null) is { } existing)
        {
            var place = await db.Places.AsNoTracking().Where(p => p.Id == existing.Booked!.PlaceId).Select(p => p.Name).SingleAsync(cancellationToken);
            return BookingProblem.CardAlreadyBooked(existing.Booked!.Code, existing.Booked.Start.ToCityTime(), place, $"cards[{numbers.IndexOf(existing.Key.ManagementNumber)}]");
        }

        return numbers;
    }

    private async Task RecordFailureAsync(string number, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stale = now.AddMinutes(-settings.LockMinutes).UtcTicks;
        var lockUntil = now.AddMinutes(settings.LockMinutes).UtcTicks;
        await db.WriteAsync(() => db.Database.ExecuteSqlRawAsync(
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
            cancellationToken), cancellationToken);
    }
}
