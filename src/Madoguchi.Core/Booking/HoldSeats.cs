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
        var outcome = await HoldAsync(request, cancellationToken);
        Operations.MadoguchiMetrics.Held(outcome);
        return outcome;
    }

    private async Task<Outcome<HeldSeats>> HoldAsync(HoldRequest request, CancellationToken cancellationToken)
    {
        var seats = new Seats(db, clock, settings);
        var prepared = await seats.PrepareAsync(
            request.PlaceId, request.Start, request.Cards.Count, () => new CheckCards(db, clock, settings).RunAsync(request.Cards, forNewBooking: true, cancellationToken), cancellationToken);
        if (prepared.Problem is { } problem)
        {
            return problem;
        }

        var (place, time, numbers, plan) = prepared.Value!;
        return await db.InTransactionAsync<Outcome<HeldSeats>>(async () =>
        {
            var taken = await seats.TakeForCardsAsync(place, plan, numbers, cancellationToken);
            if (taken.Problem is { } full)
            {
                return (false, full);
            }

            var now = clock.GetUtcNow();
            var memberSlots = Members(plan, taken.Value!);
            var hold = new Hold
            {
                Id = Guid.NewGuid(),
                SlotId = taken.Value![0],
                Seats = numbers.Count,
                CreatedAt = now,
                ExpiresAt = now.AddMinutes(settings.HoldMinutes),
                Cards = numbers.Select((n, i) => new HoldCard { ManagementNumber = n, SlotId = plan.Count > 1 ? memberSlots[i] : null }).ToList(),
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
                return (false, BookingProblems.SameCardAtOnce());
            }

            return (true, new HeldSeats(hold.Id, hold.ExpiresAt.ToCityTime(), place.Id, time.Start, plan[^1].Time.End, numbers.Count));
        }, cancellationToken);
    }

    /// <summary>The slot of each member, in the order the cards were given: the first cards take the earliest time.</summary>
    internal static IReadOnlyList<long> Members(IReadOnlyList<SeatPart> plan, IReadOnlyList<long> slots) =>
        plan.SelectMany((part, i) => Enumerable.Repeat(slots[i], part.People)).ToList();
}
