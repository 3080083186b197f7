using Madoguchi.Booking;
using Madoguchi.Web.Booking;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Book;

public sealed class CardInput
{
    public string? ManagementNumber { get; set; }

    public string? BirthDate { get; set; }
}

public sealed class IndexModel(CheckCards check, Throttle throttle, BookingPass pass, BookingSettings settings) : PageModel
{
    [BindProperty]
    public List<CardInput> Cards { get; set; } = [];

    public Problem? Problem { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Expired { get; set; }

    public int MaxPeople => settings.MaxPeople;

    public bool ErrorFor(int index, string part) =>
        Problem?.Field is { } field && (field == $"cards[{index}]" || field == $"cards[{index}].{part}");

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var filled = Cards.Take(settings.MaxPeople)
            .Select((c, i) => (Card: c, Index: i))
            .Where(x => x.Index == 0 || !string.IsNullOrWhiteSpace(x.Card.ManagementNumber) || !string.IsNullOrWhiteSpace(x.Card.BirthDate))
            .ToList();
        if (!await throttle.AllowAsync(HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", cancellationToken))
        {
            Problem = BookingProblems.Throttled();
            Response.StatusCode = 429;
            return Page();
        }

        var proofs = filled.Select(x => new CardProof(x.Card.ManagementNumber, x.Card.BirthDate)).ToList();
        var checkedCards = await check.RunAsync(proofs, forNewBooking: true, cancellationToken);
        if (checkedCards.Problem is { } problem)
        {
            // Field names count the filled rows only; point them back at the rows on the page.
            Problem = problem.Field is { } field && field.StartsWith("cards[", StringComparison.Ordinal)
                ? problem with { Field = RowField(field, filled.Select(x => x.Index).ToList()) }
                : problem;
            Response.StatusCode = problem.Status;
            return Page();
        }

        return Redirect($"/book/place?pass={Uri.EscapeDataString(pass.Issue(proofs))}");
    }

    private static string RowField(string field, List<int> rows)
    {
        var close = field.IndexOf(']', StringComparison.Ordinal);
        var index = int.Parse(field[6..close], System.Globalization.CultureInfo.InvariantCulture);
        return $"cards[{rows[index]}]{field[(close + 1)..]}";
    }
}
