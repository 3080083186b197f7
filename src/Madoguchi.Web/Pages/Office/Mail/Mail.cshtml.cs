using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Notices;
using Madoguchi.Web.Audit;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Mail;

/// <summary>One mail as the citizen receives it, with its address: each view is audited.</summary>
public sealed class MailModel(MadoguchiDb db, OfficeAudit audit) : PageModel
{
    public OutboxMail? Mail { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Mail = await db.Outbox.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (Mail is null)
        {
            return NotFound();
        }

        List<string> records = [$"mail:{id}", .. Mail.BookingId is { } booking ? [$"booking:{booking}"] : Array.Empty<string>()];
        // A branch centre's staff read the mails of their own centre's bookings.
        var place = Mail.BookingId is { } bookingId
            ? await db.Bookings.Where(b => b.Id == bookingId).Join(db.Places, b => b.PlaceId, p => p.Id, (b, p) => p.Code).SingleOrDefaultAsync(cancellationToken)
            : null;
        // Without the booking the place is unknown: only staff of every place may read the mail then.
        if (place is null ? Mail.BookingId is not null && !User.MayWorkEverywhere() : !User.MayWorkAt(place))
        {
            await audit.RecordAsync("mail.view", records, AuditOutcome.Refused);
            return Forbid();
        }

        await audit.RecordAsync("mail.view", records);
        return Page();
    }
}
