using Madoguchi.Booking;
using Madoguchi.Web.Booking;

using Microsoft.AspNetCore.Mvc;

namespace Madoguchi.Web.Pages.Book;

public sealed class ConfirmModel(BookingPass pass, ReadBooking read, ConfirmBooking confirm, BookingSettings settings, FreshSeatCounts fresh) : FlowModel(pass)
{
    private readonly BookingPass _pass = pass;

    public HoldDetails? Hold { get; private set; }

    public string? Phone { get; private set; }

    public string? Email { get; private set; }

    public string RestartUrl { get; private set; } = "/book";

    public async Task<IActionResult> OnGetAsync(Guid hold, CancellationToken cancellationToken) =>
        RequirePass() ?? await ShowAsync(hold, cancellationToken);

    /// <summary>The hold's id is proof enough to confirm it, so a pass that ran out meanwhile does not lose the seat.</summary>
    public async Task<IActionResult> OnPostAsync(Guid hold, string? phone, string? email, CancellationToken cancellationToken)
    {
        Phone = phone;
        Email = email;
        var made = await confirm.RunAsync(new ConfirmRequest(hold, null, null, null, phone, email, "web"), cancellationToken);
        if (made.Problem is { } problem)
        {
            Problem = problem;
            Response.StatusCode = problem.Status;
            return await ShowAsync(hold, cancellationToken);
        }

        fresh.Forget(made.Value!.PlaceId);
        return Redirect($"/book/done?ticket={Uri.EscapeDataString(_pass.Ticket(made.Value!.Code))}");
    }

    private async Task<IActionResult> ShowAsync(Guid hold, CancellationToken cancellationToken)
    {
        var details = await read.HoldAsync(hold, cancellationToken);
        RestartUrl = details is null ? $"/book/place?{PassQuery}" : $"/book/times?{PassQuery}&place={details.Place.Id}&date={details.Start:yyyy-MM-dd}";
        if (details is null || details.Expired)
        {
            Problem ??= BookingProblem.HoldExpired(settings.HoldMinutes);
            return Page();
        }

        Hold = details;
        return Page();
    }
}
