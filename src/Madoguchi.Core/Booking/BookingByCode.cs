using System.Data.Common;

using Madoguchi.Notices;

using Microsoft.EntityFrameworkCore.Storage;

namespace Madoguchi.Booking;

/// <summary>One booking as the public zone may see it: no phone but its last four digits, no e-mail but whether there is one.</summary>
public sealed record ProvenBooking(long Id, string Code, long SlotId, int PlaceId, DateTimeOffset Start, DateTimeOffset End, int People, BookingStatus Status, string MaskedPhone, bool HasEmail);

/// <summary>
/// The public zone's only ways to one booking: by its code. On PostgreSQL the public role may not read
/// the bookings' phone and e-mail columns, nor change or remove a booking (ADR 0027), so these go
/// through the functions <c>booking_by_code</c> and <c>cancel_booking_by_code</c>, which answer for
/// the one booking whose code was given; on SQLite (one process, no roles) the same is read directly.
/// </summary>
public sealed class BookingByCode(MadoguchiDb db)
{
    public async Task<ProvenBooking?> FindAsync(string code, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            return await ReadOneAsync(
                "SELECT id, code, slot_id, place_id, start, \"end\", people, status, masked_phone, has_email FROM booking_by_code(@code)",
                [("code", code)],
                r => new ProvenBooking(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetInt32(3), Utc(r, 4), Utc(r, 5), r.GetInt32(6), (BookingStatus)r.GetInt32(7), r.GetString(8), r.GetBoolean(9)),
                cancellationToken);
        }

        var b = await db.Bookings.AsNoTracking().Where(b => b.Code == code)
            .Select(b => new { b.Id, b.Code, b.SlotId, b.PlaceId, b.Start, b.End, b.People, b.Status, b.Phone, HasEmail = b.Email != null })
            .SingleOrDefaultAsync(cancellationToken);
        return b is null ? null : new ProvenBooking(b.Id, b.Code, b.SlotId, b.PlaceId, b.Start, b.End, b.People, b.Status, Mask(b.Phone), b.HasEmail);
    }

    /// <summary>
    /// Cancels the booking with this code (still booked, no card handed over) inside the caller's
    /// transaction, as <see cref="CancelBooking"/> does; null when there is none to cancel. On
    /// PostgreSQL the database wants the ticket of a right check of a card on the booking (a code alone
    /// proves nothing to it: the public role reads the codes).
    /// </summary>
    public async Task<PickupBooking?> CancelAsync(ProvenBooking proven, Guid? ticket, string cancelledBy, DateTimeOffset now, NoticeSettings notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proven);
        if (db.Provider != DatabaseProvider.Postgres)
        {
            var booking = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == proven.Id, cancellationToken);
            return booking is not null && await new CancelBooking(db, notices).RunAsync(booking, cancelledBy, now, [BookingStatus.Booked], cancellationToken) ? booking : null;
        }

        // The function removes the row and forgets the booking's mails (which the public role may not read);
        // the rest is CancelBooking's, with rights the public role has. Read each member's seat
        // before the row goes (a family on consecutive times sits in several slots, ADR 0020).
        var seats = await Seats.SeatsOfAsync(db, proven.Id, proven.SlotId, proven.People, cancellationToken);
        var taken = await ReadOneAsync(
            "SELECT id, code, slot_id, place_id, start, \"end\", people, email, created_at, channel FROM cancel_booking_by_code(@code, @ticket, @now, @erased)",
            [("code", proven.Code), ("ticket", ticket ?? Guid.Empty), ("now", db.Instant(now)), ("erased", CitizenNotices.ErasedSubjectsByKind.ToArray())],
            r => new PickupBooking
            {
                Id = r.GetInt64(0),
                Code = r.GetString(1),
                SlotId = r.GetInt64(2),
                PlaceId = r.GetInt32(3),
                Start = Utc(r, 4),
                End = Utc(r, 5),
                People = r.GetInt32(6),
                Phone = "",
                Email = r.IsDBNull(7) ? null : r.GetString(7),
                CreatedAt = Utc(r, 8),
                Channel = r.GetString(9),
            },
            cancellationToken);
        if (taken is null)
        {
            return null;
        }

        await new CancelBooking(db, notices).RemovedAsync(taken, seats, cancelledBy, now, cancellationToken);
        await new CitizenNotices(db, notices).CancelledAfterForgetAsync(taken, CancelledBy.Citizen, now, cancellationToken);
        return taken;
    }

    /// <summary>The last four digits only, as <c>booking_by_code</c> masks them: enough for the citizen to recognise, little for anyone else.</summary>
    public static string Mask(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return phone.Length <= 4 ? phone : new string(phone[..^4].Select(c => c == '-' ? '-' : '*').ToArray()) + phone[^4..];
    }

    private static DateTimeOffset Utc(DbDataReader r, int column) => r.GetFieldValue<DateTimeOffset>(column);

    /// <summary>One row of a function's answer, read on the context's connection and inside its transaction.</summary>
    private async Task<T?> ReadOneAsync<T>(string sql, IReadOnlyList<(string Name, object Value)> parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            return await ReadAsync(connection, db.Database.CurrentTransaction?.GetDbTransaction(), sql, parameters, read, cancellationToken);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<T?> ReadAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<(string Name, object Value)> parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
    }
}
