using Madoguchi.Booking;
using Madoguchi.Booking.Formats;
using Madoguchi.Web.Booking;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Book;

public sealed class DoneModel(BookingPass pass, ReadBooking read, BookingSettings settings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Ticket { get; set; } = "";

    /// <summary>Reached again (Back, a second tap): the booking was made before.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Already { get; set; }

    public BookingDetails Booking { get; private set; } = null!;

    public string QrSvg { get; private set; } = "";

    public string ContactName => settings.ContactName;

    public string ContactPhone => settings.ContactPhone;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (pass.ReadTicket(Ticket) is not { } code || await read.BookingAsync(code, cancellationToken) is not { } booking)
        {
            return Redirect("/booking");
        }

        Booking = booking;
        QrSvg = QrCode.Svg(booking.Code, $"予約番号 {booking.Code} の QR コード");
        return Page();
    }
}
