using Madoguchi.Staff;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Account;

[Authorize]
public sealed class ReauthModel(UserManager<StaffAccount> users, StaffSignIn staff) : PageModel
{
    public string ReturnUrl { get; private set; } = "/office/";

    public string? Error { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = SignInModel.LocalOffice(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? password, string? returnUrl)
    {
        ReturnUrl = SignInModel.LocalOffice(returnUrl);
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Redirect("/office/signin");
        }

        var result = await staff.ReauthAsync(user, password);
        if (!result.Succeeded)
        {
            Error = result.IsLockedOut
                ? "失敗が続いたため、このアカウントを15分間止めています。"
                : "パスワードが違います。もう一度入力してください。";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        return LocalRedirect(ReturnUrl);
    }
}
