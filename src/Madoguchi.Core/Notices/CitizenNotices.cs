using System.Globalization;

using Madoguchi.Booking;
using Madoguchi.Data;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Notices;

/// <summary>
/// Writes the mail a change causes into the outbox, inside the caller's transaction, so the mail
/// exists exactly when the change does: a rolled-back change leaves no mail, a committed one never
/// loses its mail. Bookings without an e-mail address get none. The outbox worker sends it later.
/// </summary>
public sealed class CitizenNotices(MadoguchiDb db, NoticeSettings settings)
{
    public Task ConfirmedAsync(PickupBooking booking, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(booking, MailKind.Confirmed, $"confirmed:{booking.Id}:{booking.Code}", null, now, cancellationToken);

    /// <param name="before">The booking as it was; its e-mail and code are the same after the change.</param>
    /// <param name="slotId">The new slot: with the instant, unique to this change, even when a booking moves back and forth.</param>
    public async Task ChangedAsync(PickupBooking before, int placeId, DateTimeOffset start, DateTimeOffset end, long slotId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        if (before.Email is null)
        {
            return;
        }

        var previous = await FactsAsync(before, cancellationToken);
        var after = new PickupBooking { Id = before.Id, Code = before.Code, Phone = "", Channel = before.Channel, Email = before.Email, PlaceId = placeId, Start = start, End = end, People = before.People };
        await WriteAsync(after, MailKind.Changed, $"changed:{before.Id}:{slotId}:{now.UtcTicks.ToString(CultureInfo.InvariantCulture)}", e => e with { Previous = previous }, now, cancellationToken);
    }

    /// <summary>
    /// The cancellation mail, and the booking's earlier mails that went (or failed for good) lose their
    /// address and text: the booking's data is deleted (R7). Mails still waiting lose theirs once sent.
    /// </summary>
    public async Task CancelledAsync(PickupBooking booking, CancelledBy by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booking);
        await EraseAsync(db, db.Outbox.Where(m => m.BookingId == booking.Id && m.Status != MailStatus.Pending), cancellationToken);
        await WriteAsync(booking, MailKind.Cancelled, $"cancelled:{booking.Id}:{booking.Code}", e => e with { CancelledBy = by }, now, cancellationToken);
    }

    /// <summary>Empties the mails' address, text, HTML and .ics; the row stays, saying a mail of that kind was written and when.</summary>
    public static Task<int> EraseAsync(MadoguchiDb db, IQueryable<OutboxMail> mails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(mails);
        return mails
            .Where(m => m.To != null || m.TextBody != "" || m.HtmlBody != "" || m.Calendar != null)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.To, (string?)null).SetProperty(m => m.TextBody, "").SetProperty(m => m.HtmlBody, "").SetProperty(m => m.Calendar, (string?)null),
                cancellationToken);
    }

    public Task PlaceClosedAsync(PickupBooking booking, int closureId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(booking, MailKind.PlaceClosed, $"closed:{closureId.ToString(CultureInfo.InvariantCulture)}:{booking.Id}:{booking.Code}", e => e with { ClosureReason = reason }, now, cancellationToken);

    /// <summary>The reminder for one booking on its day; the key lets any number of processes try, and one mail result.</summary>
    public Task ReminderAsync(PickupBooking booking, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(booking, MailKind.Reminder, ReminderKey(booking), null, now, cancellationToken);

    public static string ReminderKey(PickupBooking booking)
    {
        ArgumentNullException.ThrowIfNull(booking);
        return $"reminder:{booking.Id}:{booking.Start.ToCityTime():yyyy-MM-dd}";
    }

    private async Task WriteAsync(PickupBooking booking, MailKind kind, string key, Func<MailEvent, MailEvent>? detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booking);
        if (booking.Email is null)
        {
            return;
        }

        var facts = new MailEvent(kind, await FactsAsync(booking, cancellationToken));
        var mail = MailText.Render(detail is null ? facts : detail(facts), settings);
        db.Outbox.Add(new OutboxMail
        {
            EventKey = key,
            Kind = kind,
            BookingId = booking.Id,
            To = booking.Email,
            Subject = mail.Subject,
            TextBody = mail.Text,
            HtmlBody = mail.Html,
            Calendar = mail.Calendar,
            MessageId = $"{Guid.NewGuid():N}@{settings.MessageIdDomain}",
            CreatedAt = now,
            NextAttemptAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<MailBooking> FactsAsync(PickupBooking booking, CancellationToken cancellationToken)
    {
        var place = await db.Places.AsNoTracking().SingleAsync(p => p.Id == booking.PlaceId, cancellationToken);
        return new MailBooking(booking.Code, place.Name, place.NameEnglish, place.Address, booking.Start, booking.End, booking.People);
    }
}
