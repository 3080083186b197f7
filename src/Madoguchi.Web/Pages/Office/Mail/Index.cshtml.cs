using Madoguchi.Data;
using Madoguchi.Notices;
using Madoguchi.Web.Audit;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Mail;

public sealed record OutboxLine(long Id, MailKind Kind, string Subject, MailStatus Status, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, int Attempts, DateTimeOffset? SentAt, string? LastError, bool Erased);

/// <summary>
/// The outbox (送信待ちのメール): every mail to a citizen with its state, newest first; failed
/// mails can be sent again. The list shows no address or text, only what the mail is about.
/// A branch centre's staff see and resend the mails of their own places' bookings only.
/// </summary>
public sealed class IndexModel(MadoguchiDb db, TimeProvider clock, MailSettings mail, OfficeAudit audit) : PageModel
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<OutboxLine> Mails { get; private set; } = [];

    public IReadOnlyDictionary<MailStatus, int> Counts { get; private set; } = new Dictionary<MailStatus, int>();

    public MailSettings Settings => mail;

    public string? Notice { get; private set; }

    public async Task OnGetAsync(string? resent, CancellationToken cancellationToken)
    {
        Notice = resent is null ? null : $"メール #{resent} を送信待ちに戻しました。数秒のうちに送ります。";
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostResendAsync(long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!await Visible().AnyAsync(m => m.Id == id, cancellationToken))
        {
            // Another place's mail (or none): refused and recorded, and nothing about it is told.
            await audit.RecordAsync("mail.resend", [$"mail:{id}"], Madoguchi.Audit.AuditOutcome.Refused);
            return Forbid();
        }

        // A mail whose address was erased (retention purge, cancelled booking), of a booking that is gone, or
        // superseded cannot go again; one being sent now is left alone.
        var changed = await db.WriteAsync(
            () => Visible()
                .Where(m => m.Id == id && m.To != null && (m.Status == MailStatus.Failed || m.Status == MailStatus.Sent)
                    && (m.BookingId == null || db.Bookings.Any(b => b.Id == m.BookingId)))
                .ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.Status, MailStatus.Pending).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now)
                        .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null).SetProperty(m => m.ClaimedBy, (string?)null),
                    cancellationToken),
            cancellationToken);
        await audit.RecordAsync("mail.resend", [$"mail:{id}"], changed == 1 ? Madoguchi.Audit.AuditOutcome.Ok : Madoguchi.Audit.AuditOutcome.Refused);
        if (changed == 1)
        {
            return Redirect($"/office/mail?resent={id}");
        }

        Notice = "このメールは送り直せません（送信待ちのままか、予約が取り消されたか、保存期間を過ぎて宛先が消えています）。一覧を開き直して状態を確かめてください。";
        Response.StatusCode = StatusCodes.Status409Conflict;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Counts = await Visible().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var query = Visible().AsNoTracking();
        if (Enum.TryParse<MailStatus>(Status, ignoreCase: true, out var status) && Enum.IsDefined(status))
        {
            query = query.Where(m => m.Status == status);
        }
        else
        {
            Status = null;
        }

        Mails = await query.OrderByDescending(m => m.Id).Take(PageSize)
            .Select(m => new OutboxLine(m.Id, m.Kind, m.Subject, m.Status, m.CreatedAt, m.NextAttemptAt, m.Attempts, m.SentAt, m.LastError, m.To == null))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The mails this staff member may see: all, or those of bookings at their places. A mail whose booking
    /// is gone has no known place, so only staff of every place see it (as on the mail's own page).
    /// </summary>
    private IQueryable<OutboxMail> Visible()
    {
        if (User.MayWorkEverywhere())
        {
            return db.Outbox;
        }

        var places = User.PlaceCodes();
        return db.Outbox.Where(m => m.BookingId != null
            && db.Bookings.Any(b => b.Id == m.BookingId && db.Places.Any(p => p.Id == b.PlaceId && places.Contains(p.Code))));
    }
}
