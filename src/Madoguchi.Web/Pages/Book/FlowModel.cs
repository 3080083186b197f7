using Madoguchi.Booking;
using Madoguchi.Web.Booking;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Book;

/// <summary>A step after the cards were checked: it needs a valid pass, else it sends the citizen back to the start.</summary>
public abstract class FlowModel(BookingPass pass) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "pass")]
    public string? Pass { get; set; }

    public IReadOnlyList<CardProof> Cards { get; private set; } = [];

    public Problem? Problem { get; protected set; }

    public string PassQuery => "pass=" + Uri.EscapeDataString(Pass ?? "");

    protected IActionResult? RequirePass()
    {
        if (pass.Read(Pass) is { } cards)
        {
            Cards = cards;
            return null;
        }

        // "true", not "1": the flag binds to a bool, and "1" left the message unshown.
        return Redirect("/book?expired=true");
    }
}
