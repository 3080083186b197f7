using Madoguchi.Calendar;
using Madoguchi.Data;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Booking;

public sealed record HoldDetails(Guid Id, Place Place, DateTimeOffset Start, DateTimeOffset End, int People, DateTimeOffset ExpiresAt, bool Expired);

public sealed record BookingDetails(string Code, Place Place, DateTimeOffset Start, DateTimeOffset End, int People, bool HasEmail);

/// <summary>What the booking pages show of a hold or a finished booking: times, place and head count, no personal data.</summary>
public sealed class ReadBooking(MadoguchiDb db, TimeProvider clock)
{
    public async Task<HoldDetails?> HoldAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await db.Holds.AsNoTracking().Where(h => h.Id == id)
            .Join(db.Slots, h => h.SlotId, s => s.Id, (h, s) => new { h.Id, h.Seats, h.ExpiresAt, s.PlaceId, s.Start, s.End })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var place = await db.Places.AsNoTracking().SingleAsync(p => p.Id == row.PlaceId, cancellationToken);
        return new HoldDetails(row.Id, place, row.Start.ToCityTime(), row.End.ToCityTime(), row.Seats, row.ExpiresAt.ToCityTime(), row.ExpiresAt <= clock.GetUtcNow());
    }

    public async Task<BookingDetails?> BookingAsync(string code, CancellationToken cancellationToken = default)
    {
        var booking = await new BookingByCode(db).FindAsync(code, cancellationToken);
        if (booking is null)
        {
            return null;
        }

        var place = await db.Places.AsNoTracking().SingleAsync(p => p.Id == booking.PlaceId, cancellationToken);
        return new BookingDetails(booking.Code, place, booking.Start.ToCityTime(), booking.End.ToCityTime(), booking.People, booking.HasEmail);
    }
}
