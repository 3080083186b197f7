using Madoguchi.Demo;
using Madoguchi.Staff;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Account;

public sealed class CodeModel(SignInManager<StaffAccount> signIn, UserManager<StaffAccount> users, StaffSignIn staff, SiteSettings site, TimeProvider clock) : PageModel
{
    public string ReturnUrl { get; private set; } = "/office/";

    public string? Error { get; private set; }

    public string? DemoCode { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = SignInModel.LocalOffice(returnUrl);
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? returnUrl)
    {
        ReturnUrl = SignInModel.LocalOffice(returnUrl);
        var result = await staff.CodeAsync(code);
        if (result is null)
        {
            return Redirect("/office/signin");
        }

        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        Error = result.IsLockedOut
            ? "失敗が続いたため、このアカウントを15分間止めています。時間をおいてからやり直してください。"
            : "認証コードが違うか、時間切れか、すでに使ったコードです。認証アプリに次の数字が出てから入力してください。";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect("/office/signin");
        }

        if (site.Demo && SeedDemoData.DemoStaff.Any(d => d.Login == user.UserName) && await users.GetAuthenticatorKeyAsync(user) is { } key)
        {
            DemoCode = Totp.Code(key, clock.GetUtcNow());
        }

        return Page();
    }
}
