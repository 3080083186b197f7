using Madoguchi.Data;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Booking;

public sealed record HoldRequest(int PlaceId, DateTimeOffset Start, IReadOnlyList<CardProof> Cards);

public sealed record HeldSeats(Guid HoldId, DateTimeOffset ExpiresAt, int PlaceId, DateTimeOffset Start, DateTimeOffset End, int People);

/// <summary>
/// Keeps seats for ten minutes (仮押さえ) while the citizen types a phone number. A new hold for a
/// card replaces its earlier hold, so one person cannot sit on many seats.
/// </summary>
public sealed class HoldSeats(MadoguchiDb db, TimeProvider clock, BookingSettings settings)
{
    public async Task<Outcome<HeldSeats>> RunAsync(HoldRequest request, CancellationToken cancellationToken = default)
    {
        var seats = new Seats(db, clock, settings);
        if (request.Cards.Count > 0 && await seats.ClearlyFullAsync(request.PlaceId, request.Start, request.Cards.Count, cancellationToken))
        {
            return BookingProblem.SlotFull();
        }

        var checkedCards = await new CheckCards(db, clock, settings).RunAsync(request.Cards, forNewBooking: true, cancellationToken);
        if (checkedCards.Problem is { } problem)
        {
            return problem;
        }

        var numbers = checkedCards.Value!;
        var bookable = await seats.CheckBookableAsync(request.PlaceId, request.Start, cancellationToken);
        if (bookable.Problem is { } closed)
        {
            return closed;
        }

        var (place, time) = bookable.Value;
        return await db.InTransactionAsync<Outcome<HeldSeats>>(async () =>
        {
            var taken = await seats.TakeForCardsAsync(place, time, numbers, cancellationToken);
            if (taken.Problem is { } full)
            {
                return (false, full);
            }

            var now = clock.GetUtcNow();
            var hold = new Hold
            {
                Id = Guid.NewGuid(),
                SlotId = taken.Value,
                Seats = numbers.Count,
                CreatedAt = now,
                ExpiresAt = now.AddMinutes(settings.HoldMinutes),
                Cards = numbers.Select(n => new HoldCard { ManagementNumber = n }).ToList(),
            };
            db.Holds.Add(hold);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (Seats.IsUniqueViolation(e))
            {
                // Another request for the same card held a seat at the same moment (a double tap).
                db.ChangeTracker.Clear();
                return (false, BookingProblem.SameCardAtOnce());
            }

            return (true, new HeldSeats(hold.Id, hold.ExpiresAt.ToCityTime(), place.Id, time.Start, time.End, numbers.Count));
        }, cancellationToken);
    }
}
