using Madoguchi.Audit;
using Madoguchi.Booking.Phone;
using Madoguchi.Data;
using Madoguchi.Web.Audit;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Bookings;

public sealed class IndexModel(MadoguchiDb db, OfficeAudit audit) : PageModel
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
        if (new[] { Code, Number, Name, Birth, Phone }.All(string.IsNullOrWhiteSpace))
        {
            return;
        }

        Result = await new FindBookings(db).RunAsync(new BookingSearch(Code, Number, Name, Birth, Phone), User.MayWorkAt, cancellationToken);
        if (Result.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        // The bookings and ledger entries shown, never the code, number, name, date of birth or phone typed.
        await audit.RecordAsync("booking.search", BookingModel.Records(Result.Bookings), Result.Errors.Count > 0 ? AuditOutcome.Refused : AuditOutcome.Ok);
    }
}
