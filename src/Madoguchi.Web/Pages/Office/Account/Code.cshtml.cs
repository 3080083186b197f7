using System.Security.Claims;

using Madoguchi.Demo;
using Madoguchi.Staff;
using Madoguchi.Web.Audit;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Account;

public sealed class CodeModel(SignInManager<StaffAccount> signIn, UserManager<StaffAccount> users, SiteSettings site, TimeProvider clock, OfficeAudit audit) : PageModel
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
        var lockedBefore = await users.IsLockedOutAsync(user);
        var authenticator = typed.Length == 6 && typed.All(char.IsAsciiDigit);
        var result = authenticator
            ? await signIn.TwoFactorAuthenticatorSignInAsync(typed, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code ?? "");
        if (result.Succeeded)
        {
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, [PasswordAt(clock)]);
            // The cookie takes effect from the next request; the entry names the person now.
            HttpContext.User = await signIn.CreateUserPrincipalAsync(user);
            // A recovery code used is worth a line of its own: the authenticator may be lost or stolen.
            await audit.RecordAsync(authenticator ? "staff.signin" : "staff.signin.recovery", [$"staff:{user.Id}"]);
            return LocalRedirect(ReturnUrl);
        }

        await SignInModel.RecordFailureAsync(audit, user, user.UserName ?? "", result.IsLockedOut, lockedBefore, "staff.signin.failed");

        Error = result.IsLockedOut
            ? "失敗が続いたため、このアカウントを15分間止めています。時間をおいてからやり直してください。"
            : "認証コードが違うか、時間切れか、すでに使ったコードです。認証アプリに次の数字が出てから入力してください。";
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
