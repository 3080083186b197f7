using Madoguchi.Booking.Phone;
using Madoguchi.Ledger.Parsing;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Bookings;

/// <summary>
/// 止まっているカード: the cards that wrong dates of birth have locked on the public side, and the
/// unlock a clerk gives a citizen who calls (ADR 0025). <see cref="CardLocks"/> records seeing
/// the list and each unlock.
/// </summary>
public sealed class LockedModel(CardLocks locks, TimeProvider clock) : PageModel
{
    public IReadOnlyList<LockedCard> Cards { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostUnlockAsync(string? number, CancellationToken cancellationToken)
    {
        if (!ManagementNumber.TryNormalize(number, out var normalized))
        {
            Problem = "交付通知書の番号が読めませんでした。一覧の「止まりを解く」ボタンからやり直してください。何も変えていません。";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await ShowAsync(cancellationToken);
            return Page();
        }

        var unlocked = await locks.UnlockAsync(normalized, cancellationToken);
        Notice = unlocked
            ? $"{normalized} の止まりを解きました。生年月日の誤入力の回数も 0 に戻りました。市民の方にもう一度お試しいただけます。"
            : $"{normalized} は止まっていませんでした。何も変えていません。";
        return Redirect("/office/bookings/locked");
    }

    private async Task ShowAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        Cards = await locks.ListAsync(cancellationToken);
    }
}
