using Madoguchi.Calendar;

namespace Madoguchi.Booking;

public sealed record HoldDetails(Guid Id, Place Place, DateTimeOffset Start, DateTimeOffset End, int People, DateTimeOffset ExpiresAt, bool Expired, IReadOnlyList<MemberTime> Members);

public sealed record BookingDetails(string Code, Place Place, DateTimeOffset Start, DateTimeOffset End, int People, bool HasEmail, IReadOnlyList<MemberTime> Members);

/// <summary>One member's own time when a family is booked on consecutive times (ADR 0020), in city time.</summary>
public sealed record MemberTime(string ManagementNumber, DateTimeOffset Start, DateTimeOffset End);

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
        var members = await db.HoldCards.AsNoTracking().Where(c => c.HoldId == id && c.SlotId != null).OrderBy(c => c.Id)
            .Join(db.Slots, c => c.SlotId, s => s.Id, (c, s) => new { c.ManagementNumber, s.Start, s.End })
            .ToListAsync(cancellationToken);
        var times = members.Select(m => new MemberTime(m.ManagementNumber, m.Start.ToCityTime(), m.End.ToCityTime())).ToList();
        var end = times.Count == 0 ? row.End : times.Max(m => m.End);
        return new HoldDetails(row.Id, place, row.Start.ToCityTime(), end.ToCityTime(), row.Seats, row.ExpiresAt.ToCityTime(), row.ExpiresAt <= clock.GetUtcNow(), times);
    }

    public async Task<BookingDetails?> BookingAsync(string code, CancellationToken cancellationToken = default)
    {
        var booking = await new BookingByCode(db).FindAsync(code, cancellationToken);
        if (booking is null)
        {
            return null;
        }

        var place = await db.Places.AsNoTracking().SingleAsync(p => p.Id == booking.PlaceId, cancellationToken);
        return new BookingDetails(booking.Code, place, booking.Start.ToCityTime(), booking.End.ToCityTime(), booking.People, booking.HasEmail,
            await MembersAsync(db, booking.Id, cancellationToken));
    }

    /// <summary>The booked members' own times (consecutive times, ADR 0020); empty when the family comes together.</summary>
    public static async Task<IReadOnlyList<MemberTime>> MembersAsync(MadoguchiDb db, long bookingId, CancellationToken cancellationToken)
    {
        var members = await db.BookedCards.AsNoTracking().Where(c => c.BookingId == bookingId && c.Active && c.SlotId != null).OrderBy(c => c.Id)
            .Join(db.Slots, c => c.SlotId, s => s.Id, (c, s) => new { c.ManagementNumber, s.Start, s.End })
            .ToListAsync(cancellationToken);
        return members.Select(m => new MemberTime(m.ManagementNumber, m.Start.ToCityTime(), m.End.ToCityTime())).ToList();
    }

    /// <summary>The booking a hold became, for a page reached again after the booking was made (Back).</summary>
    public async Task<string?> MadeFromHoldAsync(Guid holdId, CancellationToken cancellationToken = default) =>
        await db.Bookings.AsNoTracking().Where(b => b.HoldId == holdId).Select(b => b.Code).SingleOrDefaultAsync(cancellationToken);
}
