using Madoguchi.Audit;
using Madoguchi.Calendar;

namespace Madoguchi.Counter;

/// <summary>A booking's page at the counter: the booking, its place, and every issue made on it (corrected ones too).</summary>
public sealed record OpenedBooking(BookingAtCounter Booking, Place Place, IReadOnlyList<IssueAtCounter> Issues);

/// <summary>
/// Opens one booking for the counter, for staff who work at its place. Each opening is recorded as
/// <c>counter.booking.view</c> with the booking and its cards' ledger entries, or as refused.
/// </summary>
public sealed class OpenBooking(MadoguchiDb db, AuditTrail audit)
{
    /// <summary>The one day whose bookings the staff member may see (today for パート), or null for any day.</summary>
    public DateOnly? OnlyDay { get; init; }

    public async Task<Outcome<OpenedBooking>> RunAsync(long id, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken = default)
    {
        var opened = await OpenAsync(id, allowedPlaces, cancellationToken);
        List<string> records = [$"booking:{id}"];
        if (opened.Value is { } o)
        {
            records.AddRange(o.Booking.Cards.Select(c => c.Entry?.Id).OfType<long>().Distinct().Select(e => $"ledger:{e}"));
        }

        await audit.RecordAsync(db, "counter.booking.view", records, opened.Problem is null ? AuditOutcome.Ok : AuditOutcome.Refused, cancellationToken);
        return opened;
    }

    private async Task<Outcome<OpenedBooking>> OpenAsync(long id, IReadOnlyCollection<string> allowedPlaces, CancellationToken cancellationToken)
    {
        var found = await CounterReads.BookingsAsync(db, db.Bookings.Where(b => b.Id == id), cancellationToken);
        if (found.Count == 0)
        {
            return CounterProblems.BookingNotFound();
        }

        var booking = found[0];
        var place = await CounterReads.PlaceOfAsync(db, booking.PlaceId, allowedPlaces, cancellationToken);
        if (place.Problem is { } problem)
        {
            return problem;
        }

        if (OnlyDay is { } only && booking.Day != only)
        {
            return CounterProblems.TodayOnly(only, booking.Day) with { Field = null };
        }

        var issues = await CounterReads.IssuesAsync(db, db.CardIssues.Where(i => i.BookingId == id), cancellationToken);
        return new OpenedBooking(booking, place.Value!, issues);
    }
}
