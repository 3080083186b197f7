using Madoguchi.Audit;

namespace Madoguchi.Notices;

public sealed record OutboxLine(long Id, MailKind Kind, string Subject, MailStatus Status, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, int Attempts, DateTimeOffset? SentAt, string? LastError, bool Erased);

public sealed record OutboxList(IReadOnlyList<OutboxLine> Mails, IReadOnlyDictionary<MailStatus, int> Counts, MailStatus? Status);

public enum ResendAnswer
{
    Resent,

    /// <summary>Another place's mail, or none: nothing about it is told.</summary>
    NotYours,

    /// <summary>Still waiting, being sent, superseded, its address erased or its booking gone.</summary>
    CannotGoAgain,
}

/// <summary>
/// The outbox as the office sees it. The list shows no address or text, only what each mail is
/// about; opening one (<c>mail.view</c>) and sending a failed or sent one again (<c>mail.resend</c>)
/// are recorded, refusals too. Staff of some places only (<c>places</c> not null) see the mails of
/// their places' bookings; a mail whose booking is gone has no known place, so only staff of every
/// place see it.
/// </summary>
public sealed class OfficeOutbox(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    public const int PageSize = 200;

    /// <summary>The newest mails first, of one status when <paramref name="status"/> names one.</summary>
    public async Task<OutboxList> ListAsync(string? status, IReadOnlyCollection<string>? places, CancellationToken cancellationToken = default)
    {
        var counts = await Visible(places).GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var query = Visible(places).AsNoTracking();
        MailStatus? shown = null;
        if (Enum.TryParse<MailStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            shown = parsed;
            query = query.Where(m => m.Status == parsed);
        }

        var mails = await query.OrderByDescending(m => m.Id).Take(PageSize)
            .Select(m => new OutboxLine(m.Id, m.Kind, m.Subject, m.Status, m.CreatedAt, m.NextAttemptAt, m.Attempts, m.SentAt, m.LastError, m.To == null))
            .ToListAsync(cancellationToken);
        return new OutboxList(mails, counts, shown);
    }

    /// <summary>One mail as the citizen receives it, with its address (a mail that is not there is not recorded).</summary>
    public async Task<Outcome<OutboxMail>> OpenAsync(long id, IReadOnlyCollection<string>? places, CancellationToken cancellationToken = default)
    {
        var mail = await db.Outbox.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (mail is null)
        {
            return new Problem("not-found", 404, "メールが見つかりません", "一覧を開き直して、メールの番号を確かめてください。");
        }

        List<string> records = [$"mail:{id}", .. mail.BookingId is { } booking ? [$"booking:{booking}"] : Array.Empty<string>()];
        var place = mail.BookingId is { } bookingId
            ? await db.Bookings.Where(b => b.Id == bookingId).Join(db.Places, b => b.PlaceId, p => p.Id, (b, p) => p.Code).SingleOrDefaultAsync(cancellationToken)
            : null;
        // Without the booking the place is unknown: only staff of every place may read the mail then.
        if (places is not null && (place is null ? mail.BookingId is not null : !places.Contains(place)))
        {
            await audit.RecordAsync(db, "mail.view", records, AuditOutcome.Refused, cancellationToken);
            return new Problem("other-place", 403, "このメールは見られません", "ほかの交付場所の予約のメールです。");
        }

        await audit.RecordAsync(db, "mail.view", records, cancellationToken: cancellationToken);
        return mail;
    }

    public async Task<ResendAnswer> ResendAsync(long id, IReadOnlyCollection<string>? places, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> records = [$"mail:{id}"];
        if (!await Visible(places).AnyAsync(m => m.Id == id, cancellationToken))
        {
            await audit.RecordAsync(db, "mail.resend", records, AuditOutcome.Refused, cancellationToken);
            return ResendAnswer.NotYours;
        }

        var now = clock.GetUtcNow();
        // A mail whose address was erased (retention purge, cancelled booking), of a booking that is gone, or
        // superseded cannot go again; one being sent now is left alone.
        return await db.InTransactionAsync(
            async () =>
            {
                var changed = await Visible(places)
                    .Where(m => m.Id == id && m.To != null && (m.Status == MailStatus.Failed || m.Status == MailStatus.Sent)
                        && (m.BookingId == null || db.Bookings.Any(b => b.Id == m.BookingId)))
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(m => m.Status, MailStatus.Pending).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now)
                            .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null).SetProperty(m => m.ClaimedBy, (string?)null),
                        cancellationToken);
                await audit.RecordAsync(db, "mail.resend", records, changed == 1 ? AuditOutcome.Ok : AuditOutcome.Refused, cancellationToken);
                return (true, changed == 1 ? ResendAnswer.Resent : ResendAnswer.CannotGoAgain);
            },
            cancellationToken);
    }

    private IQueryable<OutboxMail> Visible(IReadOnlyCollection<string>? places)
    {
        if (places is null)
        {
            return db.Outbox;
        }

        var codes = places.ToArray();
        return db.Outbox.Where(m => m.BookingId != null
            && db.Bookings.Any(b => b.Id == m.BookingId && db.Places.Any(p => p.Id == b.PlaceId && codes.Contains(p.Code))));
    }
}
