using System.Globalization;

using Madoguchi.Booking;

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
        // An earlier change or reminder not yet sent names a time that no longer holds: only the newest change goes.
        await SupersedeAsync(db, before.Id, [MailKind.Changed, MailKind.Reminder], now, cancellationToken);
        var after = new PickupBooking { Id = before.Id, Code = before.Code, Phone = "", Channel = before.Channel, Email = before.Email, PlaceId = placeId, Start = start, End = end, People = before.People };
        await WriteAsync(after, MailKind.Changed, $"changed:{before.Id}:{slotId}:{now.UtcTicks.ToString(CultureInfo.InvariantCulture)}", e => e with { Previous = previous }, now, cancellationToken);
    }

    /// <summary>
    /// The cancellation mail is the only one still to go: the booking's mails waiting (a confirmation
    /// with its .ics, a reminder) or failed are superseded, and with those already sent lose their
    /// address, text and code at once, as the booking's data is deleted (R7). A mail a worker is sending
    /// this very moment is left to finish; it is erased when recorded, and the cancellation waits for it.
    /// </summary>
    public async Task CancelledAsync(PickupBooking booking, CancelledBy by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booking);
        await ForgetAsync(db, booking.Id, now, cancellationToken);
        await CancelledAfterForgetAsync(booking, by, now, cancellationToken);
    }

    /// <summary>
    /// The cancellation mail alone, for a booking whose other mails were already forgotten: on
    /// PostgreSQL the public zone's cancel does that in <c>cancel_booking_by_code</c>, as its role may
    /// only add to the outbox (ADR 0027).
    /// </summary>
    public Task CancelledAfterForgetAsync(PickupBooking booking, CancelledBy by, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(booking ?? throw new ArgumentNullException(nameof(booking)), MailKind.Cancelled, $"cancelled:{booking.Id}:{booking.Code}", e => e with { CancelledBy = by }, now, cancellationToken);

    /// <summary>
    /// For a booking being deleted: its mails still waiting (unless a worker is sending one now) or
    /// failed are superseded, never to go, and every one of its mails not waiting loses its content.
    /// </summary>
    public static async Task ForgetAsync(MadoguchiDb db, long bookingId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await SupersedeAsync(db, bookingId, null, now, cancellationToken);
        await EraseAsync(db, db.Outbox.Where(m => m.BookingId == bookingId && m.Status != MailStatus.Pending), cancellationToken);
    }

    /// <summary>
    /// Marks the booking's mails that wait (not claimed by a worker sending them now) or failed as
    /// superseded, of the given kinds or all. Their content is erased by the caller or stays until
    /// the purge when the booking lives on (a superseded change mail tells nothing new).
    /// </summary>
    private static Task<int> SupersedeAsync(MadoguchiDb db, long bookingId, MailKind[]? kinds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var mails = db.Outbox.Where(m => m.BookingId == bookingId
            && ((m.Status == MailStatus.Pending && (m.ClaimedUntil == null || m.ClaimedUntil < now)) || m.Status == MailStatus.Failed));
        if (kinds is not null)
        {
            mails = mails.Where(m => kinds.Contains(m.Kind));
        }

        return mails.ExecuteUpdateAsync(
            s => s.SetProperty(m => m.Status, MailStatus.Superseded).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null).SetProperty(m => m.ClaimedBy, (string?)null),
            cancellationToken);
    }

    /// <summary>
    /// Empties the mails' address, text, HTML and .ics, and cuts the subject (which names the booking
    /// code) down to the mail's kind; the row stays, saying a mail of that kind was written and when.
    /// </summary>
    public static Task<int> EraseAsync(MadoguchiDb db, IQueryable<OutboxMail> mails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(mails);
        return mails
            .Where(m => m.To != null || m.TextBody != "" || m.HtmlBody != "" || m.Calendar != null || !ErasedSubjects.Contains(m.Subject))
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.To, (string?)null).SetProperty(m => m.TextBody, "").SetProperty(m => m.HtmlBody, "").SetProperty(m => m.Calendar, (string?)null)
                    .SetProperty(
                        m => m.Subject,
                        m => m.Kind == MailKind.Confirmed ? ErasedSubjects[0]
                            : m.Kind == MailKind.Changed ? ErasedSubjects[1]
                            : m.Kind == MailKind.Cancelled ? ErasedSubjects[2]
                            : m.Kind == MailKind.Reminder ? ErasedSubjects[3]
                            : ErasedSubjects[4]),
                cancellationToken);
    }

    /// <summary>What an erased mail's subject becomes, for each <see cref="MailKind"/> in order (from 1).</summary>
    public static IReadOnlyList<string> ErasedSubjectsByKind => ErasedSubjects;

    /// <summary>What an erased mail's subject becomes: its kind, in the order of <see cref="MailKind"/>.</summary>
    private static readonly string[] ErasedSubjects =
    [
        $"（消去済）{MailText.KindJapanese(MailKind.Confirmed)}",
        $"（消去済）{MailText.KindJapanese(MailKind.Changed)}",
        $"（消去済）{MailText.KindJapanese(MailKind.Cancelled)}",
        $"（消去済）{MailText.KindJapanese(MailKind.Reminder)}",
        $"（消去済）{MailText.KindJapanese(MailKind.PlaceClosed)}",
    ];

    public Task PlaceClosedAsync(PickupBooking booking, int closureId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(booking, MailKind.PlaceClosed, $"closed:{closureId.ToString(CultureInfo.InvariantCulture)}:{booking.Id}:{booking.Code}", e => e with { ClosureReason = reason }, now, cancellationToken);

    /// <summary>The reminder for one booking on its day; the key lets any number of processes try, and one mail result.</summary>
    public Task ReminderAsync(PickupBooking booking, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(booking, MailKind.Reminder, ReminderKey(booking), null, now, cancellationToken);

    /// <summary>One reminder per booking and time: a booking moved within the day, whose waiting reminder the change superseded, is reminded of its new time.</summary>
    public static string ReminderKey(PickupBooking booking)
    {
        ArgumentNullException.ThrowIfNull(booking);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"reminder:{booking.Id}:{booking.Start.ToCityTime():yyyy-MM-ddTHH:mm}");
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
