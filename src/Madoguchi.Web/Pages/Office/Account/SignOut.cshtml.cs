using Madoguchi.Staff;
using Madoguchi.Web.Audit;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Account;

public sealed class SignOutModel(SignInManager<StaffAccount> signIn, OfficeAudit audit) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // Recorded first, while the request still names who is signing out.
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.RecordAsync("staff.signout");
            // Every session of the account ends, not only this browser's: a copied cookie opens nothing (ADR 0016).
            if (await signIn.UserManager.GetUserAsync(User) is { } account)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(account);
            }
        }

        await signIn.SignOutAsync();
        return Redirect("/office/signin?signedOut=true");
    }
}
