using System.Security.Claims;

using Madoguchi.Notices;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Mail;

/// <summary>One mail as the citizen receives it, with its address: each view is audited.</summary>
public sealed class MailModel(OfficeOutbox outbox) : PageModel
{
    public OutboxMail? Mail { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var opened = await outbox.OpenAsync(id, PlacesOf(User), cancellationToken);
        if (opened.Problem is { } problem)
        {
            return problem.Status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
        }

        Mail = opened.Value;
        return Page();
    }

    /// <summary>The places whose mails the staff member may see, or null for every place.</summary>
    public static IReadOnlyCollection<string>? PlacesOf(ClaimsPrincipal user) => user.MayWorkEverywhere() ? null : user.PlaceCodes();
}
