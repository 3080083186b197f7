using MailKit;
using MailKit.Net.Smtp;

namespace Madoguchi.Notices;

/// <summary>What one round of the outbox worker did.</summary>
public sealed record DeliveryRound(int Sent, int Retrying, int Failed);

/// <summary>
/// Sends the mails that are due. Each is first claimed by one conditional update (pending, due, and
/// not claimed by a live lease), so two processes never send the same mail; then sent; then marked
/// sent, or given its next attempt after a doubling wait, or marked failed for staff after the last
/// attempt or on a permanent refusal (5xx). A process that dies mid-send leaves a claim that runs
/// out, and the mail goes again with the same Message-ID.
/// </summary>
public sealed class DeliverOutbox(MadoguchiDb db, TimeProvider clock, MailSettings settings, string worker)
{
    private const int Batch = 20;

    public async Task<DeliveryRound> RunAsync(Func<IMailCarrier> carrier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        var now = clock.GetUtcNow();
        await SupersedeOrphansAsync(now, cancellationToken);
        var due = await Sendable(now)
            .AsNoTracking()
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return new DeliveryRound(0, 0, 0);
        }

        var (sent, retrying, failed) = (0, 0, 0);
        IMailCarrier? open = null;
        try
        {
            foreach (var id in due)
            {
                var mail = await ClaimAsync(id, cancellationToken);
                if (mail is null)
                {
                    continue;
                }

                open ??= carrier();
                string? error = null;
                var permanent = false;
                try
                {
                    await open.SendAsync(MimeMail.Build(mail, settings, clock.GetUtcNow()), cancellationToken);
                }
                catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException
                    or MailKit.Security.AuthenticationException or IOException or System.Net.Sockets.SocketException or TimeoutException
                    or UnauthorizedAccessException or InvalidOperationException or FormatException or MimeKit.ParseException)
                {
                    error = Describe(e, mail.To);
                    permanent = e is SmtpCommandException { StatusCode: >= (SmtpStatusCode)500 } or FormatException or MimeKit.ParseException
                        || (e is InvalidOperationException && mail.To is null);
                    if (open is IAsyncDisposable disposable)
                    {
                        // A broken connection is not reused for the next mail.
                        await disposable.DisposeAsync();
                    }

                    open = null;
                }

                var outcome = await RecordAsync(mail, error, permanent, cancellationToken);
                (sent, retrying, failed) = outcome switch
                {
                    MailStatus.Sent => (sent + 1, retrying, failed),
                    MailStatus.Failed => (sent, retrying, failed + 1),
                    MailStatus.Pending => (sent, retrying + 1, failed),
                    _ => (sent, retrying, failed),
                };
            }
        }
        finally
        {
            if (open is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        return new DeliveryRound(sent, retrying, failed);
    }

    /// <summary>
    /// Mails that wait, are due, are claimed by no live lease, and have no older mail of the same
    /// booking still waiting: a booking's mails arrive in the order they were written, even when an
    /// earlier one is held back by a retry (a confirmation never arrives after its cancellation).
    /// </summary>
    private IQueryable<OutboxMail> Sendable(DateTimeOffset now) =>
        db.Outbox.Where(m => m.Status == MailStatus.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now)
            && (m.Kind == MailKind.Cancelled || m.BookingId == null || db.Bookings.Any(b => b.Id == m.BookingId))
            && !db.Outbox.Any(o => o.BookingId != null && o.BookingId == m.BookingId && o.Id < m.Id && o.Status == MailStatus.Pending));

    /// <summary>
    /// A mail that was being sent when its booking was cancelled, by a worker that then died, is
    /// waiting again once the claim runs out; its booking is gone, so it must never go: superseded
    /// and erased, as the cancel would have done.
    /// </summary>
    private async Task SupersedeOrphansAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var orphans = db.Outbox.Where(m => m.Status == MailStatus.Pending && m.Kind != MailKind.Cancelled && m.BookingId != null
            && (m.ClaimedUntil == null || m.ClaimedUntil < now) && !db.Bookings.Any(b => b.Id == m.BookingId));
        if (!await orphans.AnyAsync(cancellationToken))
        {
            return;
        }

        await db.WriteAsync(
            async () =>
            {
                var ids = await orphans.Select(m => m.Id).ToListAsync(cancellationToken);
                await db.Outbox.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.Status, MailStatus.Superseded).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null).SetProperty(m => m.ClaimedBy, (string?)null),
                    cancellationToken);
                return await CitizenNotices.EraseAsync(db, db.Outbox.Where(m => ids.Contains(m.Id)), cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>Takes the mail for this worker until the lease ends, or null when another worker has it or it was sent.</summary>
    private async Task<OutboxMail?> ClaimAsync(long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + settings.Lease;
        var claimed = await db.WriteAsync(
            () => Sendable(now)
                .Where(m => m.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until).SetProperty(m => m.ClaimedBy, worker), cancellationToken),
            cancellationToken);
        return claimed == 1
            ? await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken)
            : null;
    }

    private async Task<MailStatus> RecordAsync(OutboxMail mail, string? error, bool permanent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var attempts = mail.Attempts + 1;
        // Asked only after a failure, so a sent mail is recorded without delay.
        var gone = error is not null && mail.BookingId is { } bookingId && !await db.Bookings.AnyAsync(b => b.Id == bookingId, CancellationToken.None);
        var status = error is null ? MailStatus.Sent : permanent || attempts >= settings.MaxAttempts ? MailStatus.Failed : MailStatus.Pending;
        if (status == MailStatus.Pending && gone && mail.Kind != MailKind.Cancelled)
        {
            // The booking was cancelled while this mail was on its way and failed: only the cancellation is still to go.
            status = MailStatus.Superseded;
        }

        var next = error is null ? mail.NextAttemptAt : now + settings.RetryAfter(attempts);
        DateTimeOffset? sentAt = error is null ? now : null;
        // Not even cancellation may stop this write: a sent mail left unmarked would go again.
        await db.WriteAsync(
            () => db.Outbox.Where(m => m.Id == mail.Id && m.ClaimedBy == worker)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.Status, status).SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, next)
                        .SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.LastError, error)
                        .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null).SetProperty(m => m.ClaimedBy, (string?)null),
                    CancellationToken.None),
            CancellationToken.None);
        // Asked (again) after the write: a cancel meanwhile left this claimed mail to finish.
        if (status != MailStatus.Pending && (gone || (mail.BookingId is { } id && !await db.Bookings.AnyAsync(b => b.Id == id, CancellationToken.None))))
        {
            // The booking was cancelled, its data deleted: a mail that went (or never will) keeps none of it either.
            await db.WriteAsync(() => CitizenNotices.EraseAsync(db, db.Outbox.Where(m => m.Id == mail.Id), CancellationToken.None), CancellationToken.None);
        }

        return status;
    }

    /// <summary>The server's answer for staff, without the citizen's address (a server may quote it back).</summary>
    private static string Describe(Exception e, string? to)
    {
        var text = e is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}" : $"{e.GetType().Name}: {e.Message}";
        if (!string.IsNullOrEmpty(to))
        {
            text = text.Replace(to, "（宛先）", StringComparison.OrdinalIgnoreCase);
        }

        text = string.Concat(text.Where(c => !char.IsControl(c)));
        return text.Length <= 1000 ? text : text[..1000];
    }
}
