using Madoguchi.Booking;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Booking;

public sealed class IndexModel(LookUpBooking lookUp, Throttle throttle, BookingSettings settings, Madoguchi.Web.Booking.FreshSeatCounts fresh) : PageModel
{
    public string? Code { get; private set; }

    public string? Number { get; private set; }

    public string? Birth { get; private set; }

    public BookingView? Found { get; private set; }

    public Problem? Problem { get; private set; }

    public bool Cancelled { get; private set; }

    /// <summary>The citizen pressed 取り消す once: the booking is shown again with a question, nothing is cancelled yet.</summary>
    public bool AskingToCancel { get; private set; }

    public bool OnlineCancel => settings.OnlineCancel;

    public string ContactName => settings.ContactName;

    public string ContactPhone => settings.ContactPhone;

    public string ContactHours => settings.ContactHours;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? number, string? birth, CancellationToken cancellationToken)
    {
        (Code, Number, Birth) = (code, number, birth);
        if (await ThrottledAsync(cancellationToken))
        {
            return Page();
        }

        await LookUpAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// Cancelling deletes the booking and cannot be undone, so it takes two presses (WCAG 2.1
    /// 3.3.4): the first, without <paramref name="confirm"/>, only asks.
    /// </summary>
    public async Task<IActionResult> OnPostCancelAsync(string? code, string? number, string? birth, string? confirm, CancellationToken cancellationToken)
    {
        (Code, Number, Birth) = (code, number, birth);
        if (await ThrottledAsync(cancellationToken))
        {
            return Page();
        }

        if (confirm != "yes")
        {
            await LookUpAsync(cancellationToken);
            AskingToCancel = Found is not null && OnlineCancel;
            return Page();
        }

        var cancelled = await lookUp.CancelAsync(new BookingLookup(code, number, birth), cancellationToken);
        Problem = cancelled.Problem;
        Cancelled = cancelled.Ok;
        if (Cancelled)
        {
            fresh.ForgetAll();
        }

        Response.StatusCode = Problem?.Status ?? 200;
        return Page();
    }

    private async Task LookUpAsync(CancellationToken cancellationToken)
    {
        var found = await lookUp.RunAsync(new BookingLookup(Code, Number, Birth), cancellationToken);
        Found = found.Value;
        Problem = found.Problem;
        Response.StatusCode = Problem?.Status ?? 200;
    }

    private async Task<bool> ThrottledAsync(CancellationToken cancellationToken)
    {
        if (await throttle.AllowAsync(HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", cancellationToken))
        {
            return false;
        }

        Problem = BookingProblems.Throttled();
        Response.StatusCode = 429;
        return true;
    }
}
