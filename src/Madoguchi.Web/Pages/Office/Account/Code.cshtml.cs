using System.Security.Claims;

using Madoguchi.Demo;
using Madoguchi.Staff;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Account;

public sealed class CodeModel(SignInManager<StaffAccount> signIn, UserManager<StaffAccount> users, SiteSettings site, TimeProvider clock) : PageModel
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
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect("/office/signin");
        }

        var typed = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = typed.Length == 6 && typed.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(typed, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code ?? "");
        if (result.Succeeded)
        {
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, [PasswordAt(clock)]);
            return LocalRedirect(ReturnUrl);
        }

        Error = result.IsLockedOut
            ? "失敗が続いたため、このアカウントを15分間止めています。時間をおいてからやり直してください。"
            : "認証コードが違うか、時間切れです。認証アプリの今の数字を入力してください。";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return await ShowAsync();
    }

    public static Claim PasswordAt(TimeProvider clock) =>
        new(StaffClaims.PasswordAt, clock.GetUtcNow().UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));

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
