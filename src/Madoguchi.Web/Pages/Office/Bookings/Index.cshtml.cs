using Madoguchi.Audit;
using Madoguchi.Booking.Phone;
using Madoguchi.Data;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Bookings;

public sealed class IndexModel(MadoguchiDb db, AuditTrail trail) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Birth { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Phone { get; set; }

    public BookingSearchResult Result { get; private set; } = new([], false, false, new Dictionary<string, string>());

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var search = new BookingSearch(Code, Number, Name, Birth, Phone);
        if (search.IsEmpty)
        {
            return;
        }

        Result = await new FindBookings(db, trail).RunAsync(search, User.MayWorkAt, cancellationToken);
        if (Result.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
    }
}
