using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Account;

public sealed class DeniedModel(AccessDenied denied) : PageModel
{
    public async Task OnGetAsync(string? returnUrl)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await denied.RunAsync(User, returnUrl);
    }
}
