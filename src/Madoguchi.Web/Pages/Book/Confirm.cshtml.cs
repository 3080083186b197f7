using Madoguchi.Booking;
using Madoguchi.Web.Booking;

using Microsoft.AspNetCore.Mvc;

namespace Madoguchi.Web.Pages.Book;

public sealed class ConfirmModel(BookingPass pass, ReadBooking read, ConfirmBooking confirm, BookingSettings settings, FreshSeatCounts fresh) : FlowModel(pass)
{
    private readonly BookingPass _pass = pass;

    // The place and day of the confirm form: the hold may be swept before the citizen chooses again.
    private int? _place;
    private string? _date;

    public HoldDetails? Hold { get; private set; }

    public string? Phone { get; private set; }

    public string? Email { get; private set; }

    public string RestartUrl { get; private set; } = "/book";

    public async Task<IActionResult> OnGetAsync(Guid hold, string? contact, CancellationToken cancellationToken)
    {
        if (RequirePass() is { } back)
        {
            return back;
        }

        // Typed before an earlier hold ran out: filled in again (issue 12.9).
        (Phone, Email) = _pass.ReadContact(contact);
        return await ShowAsync(hold, cancellationToken);
    }

    /// <summary>The hold's id is proof enough to confirm it, so a pass that ran out meanwhile does not lose the seat.</summary>
    public async Task<IActionResult> OnPostAsync(Guid hold, string? phone, string? email, int? place, string? date, CancellationToken cancellationToken)
    {
        _place = place;
        _date = date;
        Phone = phone;
        Email = email;
        // Read first: a hold that ran out is given back by the confirm, and choosing again needs its place and day.
        var before = await read.HoldAsync(hold, cancellationToken);
        var made = await confirm.RunAsync(new ConfirmRequest(hold, null, null, null, phone, email, "web"), cancellationToken);
        if (made.Problem is { } problem)
        {
            Problem = problem;
            Response.StatusCode = problem.Status;
            return await ShowAsync(hold, cancellationToken, before);
        }

        fresh.Forget(made.Value!.PlaceId);
        return Done(made.Value!.Code, made.Value!.Repeated);
    }

    private RedirectResult Done(string code, bool already) =>
        Redirect($"/book/done?ticket={Uri.EscapeDataString(_pass.Ticket(code))}{(already ? "&already=true" : "")}");

    private async Task<IActionResult> ShowAsync(Guid hold, CancellationToken cancellationToken, HoldDetails? before = null)
    {
        var details = await read.HoldAsync(hold, cancellationToken);
        if (details is null && await read.MadeFromHoldAsync(hold, cancellationToken) is { } code)
        {
            // Back after booking (issue 12.4): the hold became this booking; say so, as a retry of the confirm does.
            return Done(code, already: true);
        }

        var contact = Phone is null && Email is null ? "" : "&contact=" + Uri.EscapeDataString(_pass.Contact(Phone, Email));
        var chosen = details ?? before;
        RestartUrl = chosen is not null ? $"/book/times?{PassQuery}&place={chosen.Place.Id}&date={chosen.Start:yyyy-MM-dd}{contact}"
            : _place is { } place && DateOnly.TryParseExact(_date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _) ? $"/book/times?{PassQuery}&place={place}&date={_date}{contact}"
            : $"/book/place?{PassQuery}";
        if (details is null || details.Expired)
        {
            Problem ??= BookingProblems.HoldExpired(settings.HoldMinutes);
            return Page();
        }

        Hold = details;
        return Page();
    }
}
