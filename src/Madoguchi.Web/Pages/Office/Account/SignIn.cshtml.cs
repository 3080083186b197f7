using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Account;

public sealed class SignInModel(StaffSignIn staff, SiteSettings site) : PageModel
{
    public string? Login { get; private set; }

    public string? Error { get; private set; }

    public string ReturnUrl { get; private set; } = "/office/";

    public bool SignedOut { get; private set; }

    public bool Demo => site.Demo;

    public void OnGet(string? returnUrl, bool signedOut)
    {
        ReturnUrl = LocalOffice(returnUrl);
        SignedOut = signedOut;
    }

    public async Task<IActionResult> OnPostAsync(string? login, string? password, string? returnUrl)
    {
        Login = login;
        ReturnUrl = LocalOffice(returnUrl);
        if (string.IsNullOrWhiteSpace(login) || string.IsNullOrEmpty(password))
        {
            Error = "ログイン名とパスワードを入力してください。";
            return Page();
        }

        var result = await staff.PasswordAsync(login.Trim(), password);
        if (result.RequiresTwoFactor)
        {
            return Redirect($"/office/signin/code?returnUrl={Uri.EscapeDataString(ReturnUrl)}");
        }

        if (result.Succeeded)
        {
            // Only an account still to be set up signs in without a second factor; the gate sends it to set-up.
            return Redirect("/office/setup");
        }

        Error = result.IsLockedOut
            ? "このアカウントは今サインインできません（失敗が続いたときは15分間止めています）。時間をおいてからやり直すか、異動などで止められたときは管理者に連絡してください。"
            : "ログイン名かパスワードが違います。確かめてもう一度入力してください。";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    public static string LocalOffice(string? url) =>
        url is { Length: > 0 } && url.StartsWith("/office", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/office/";
}
