using Madoguchi.Audit;

namespace Madoguchi.Booking.Phone;

/// <summary>A booking made by staff for a citizen on the phone, and the new booking's id.</summary>
public sealed record BookedByPhone(long Id, ConfirmedBooking Booking);

/// <summary>
/// Staff book on a caller's behalf: the same booking as the citizen's own (<see cref="ConfirmBooking"/>,
/// no hold), recorded as <c>booking.create.phone</c> with the booking and its cards' ledger entries.
/// Nothing typed is recorded on a refusal: the numbers and dates of birth are the caller's.
/// </summary>
public sealed class BookByPhone(MadoguchiDb db, ConfirmBooking confirm, AuditTrail audit)
{
    public const string Action = "booking.create.phone";

    /// <summary>
    /// <paramref name="placeId"/> is null when no place the staff member works at was chosen,
    /// <paramref name="start"/> when no time was.
    /// </summary>
    public async Task<Outcome<BookedByPhone>> RunAsync(int? placeId, DateTimeOffset? start, IReadOnlyList<CardProof> cards, string? phone, string? email, string channel, CancellationToken cancellationToken = default)
    {
        var made = await BookAsync(placeId, start, cards, phone, email, channel, cancellationToken);
        if (made.Problem is not null)
        {
            await audit.RecordAsync(db, Action, outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);
            return made;
        }

        var id = made.Value!.Id;
        var entries = await db.BookedCards.AsNoTracking().Where(c => c.BookingId == id)
            .Join(db.LedgerEntries, c => c.ManagementNumber, e => e.ManagementNumber, (c, e) => e.Id)
            .OrderBy(e => e).ToListAsync(cancellationToken);
        await audit.RecordAsync(db, Action, [$"booking:{id}", .. entries.Select(e => $"ledger:{e}")], cancellationToken: cancellationToken);
        return made;
    }

    private async Task<Outcome<BookedByPhone>> BookAsync(int? placeId, DateTimeOffset? start, IReadOnlyList<CardProof> cards, string? phone, string? email, string channel, CancellationToken cancellationToken)
    {
        if (placeId is null)
        {
            return BookingProblems.InvalidInput("交付場所を選んでください。", "placeId");
        }

        if (start is null)
        {
            return BookingProblems.InvalidInput("日にちを選んで「空き時間を表示」を押し、時間を選んでください。", "start");
        }

        var made = await confirm.RunAsync(new ConfirmRequest(null, placeId, start, cards, phone, email, channel), cancellationToken);
        if (made.Problem is { } problem)
        {
            return problem;
        }

        var id = await db.Bookings.AsNoTracking().Where(b => b.Code == made.Value!.Code).Select(b => b.Id).SingleAsync(cancellationToken);
        return new BookedByPhone(id, made.Value!);
    }
}
