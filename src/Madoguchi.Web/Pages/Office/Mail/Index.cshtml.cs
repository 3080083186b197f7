using Madoguchi.Notices;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Mail;

/// <summary>
/// The outbox (送信待ちのメール): every mail to a citizen with its state, newest first; failed
/// mails can be sent again. The list shows no address or text, only what the mail is about.
/// A branch centre's staff see and resend the mails of their own places' bookings only.
/// </summary>
public sealed class IndexModel(OfficeOutbox outbox, MailSettings mail) : PageModel
{
    public const int PageSize = OfficeOutbox.PageSize;

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
        switch (await outbox.ResendAsync(id, MailModel.PlacesOf(User), cancellationToken))
        {
            case ResendAnswer.Resent:
                return Redirect($"/office/mail?resent={id}");
            case ResendAnswer.NotYours:
                return Forbid();
        }

        Notice = "このメールは送り直せません（送信待ちのままか、予約が取り消されたか、保存期間を過ぎて宛先が消えています）。一覧を開き直して状態を確かめてください。";
        Response.StatusCode = StatusCodes.Status409Conflict;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var list = await outbox.ListAsync(Status, MailModel.PlacesOf(User), cancellationToken);
        (Mails, Counts) = (list.Mails, list.Counts);
        if (list.Status is null)
        {
            Status = null;
        }
    }
}
