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

    public BookingProblem? Problem { get; private set; }

    public bool Cancelled { get; private set; }

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

        var found = await lookUp.RunAsync(new BookingLookup(code, number, birth), cancellationToken);
        Found = found.Value;
        Problem = found.Problem;
        Response.StatusCode = Problem?.Status ?? 200;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(string? code, string? number, string? birth, CancellationToken cancellationToken)
    {
        (Code, Number, Birth) = (code, number, birth);
        if (await ThrottledAsync(cancellationToken))
        {
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

    private async Task<bool> ThrottledAsync(CancellationToken cancellationToken)
    {
        if (await throttle.AllowAsync(HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", cancellationToken))
        {
            return false;
        }

        Problem = BookingProblem.Throttled();
        Response.StatusCode = 429;
        return true;
    }
}
