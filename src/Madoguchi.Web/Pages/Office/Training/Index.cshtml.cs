using Madoguchi.Data;
using Madoguchi.Demo;
using Madoguchi.Notices;
using Madoguchi.Web.Audit;
using Madoguchi.Web.Booking;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Training;

/// <summary>
/// 練習データを作り直す: in training mode only (a 404 otherwise), for 係長 and 管理者, after the
/// password again and a confirmation; audited.
/// </summary>
[FreshPassword]
[Authorize(Roles = "Supervisor,Administrator")]
public sealed class IndexModel(MadoguchiDb db, SiteSettings site, MailSettings mail, ResetTrainingData reset, FreshSeatCounts seatCounts) : PageModel
{
    [BindProperty]
    public bool Confirmed { get; set; }

    public string? Problem { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public int Entries { get; private set; }

    public int Bookings { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!site.Demo)
        {
            return NotFound();
        }

        await CountAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!site.Demo)
        {
            return NotFound();
        }

        if (!Confirmed)
        {
            Problem = "作り直す前に「今の練習データを消して作り直します」にチェックを入れてください。何も変えていません。";
            await CountAsync(cancellationToken);
            return Page();
        }

        var result = await reset.RunAsync(mail.MailFolder, cancellationToken);
        seatCounts.ForgetAll();
        var b = result.Bookings;
        Notice = $"練習データを作り直しました: 交付管理簿 {result.Cards:N0} 件"
            + (b is null ? "。" : $"、今日の予約 {b.TodayTotal} 件（予約中 {b.Booked}・来庁 {b.CheckedIn}・交付済 {b.Issued}・来庁なし {b.NoShow}）、これからの日の予約 {b.Later} 件。");
        return Redirect("/office/training");
    }

    private async Task CountAsync(CancellationToken cancellationToken)
    {
        Entries = await db.LedgerEntries.CountAsync(cancellationToken);
        Bookings = await db.Bookings.CountAsync(cancellationToken);
    }
}
