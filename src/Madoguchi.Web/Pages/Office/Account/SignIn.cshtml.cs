using Madoguchi.Audit;
using Madoguchi.Staff;
using Madoguchi.Web.Audit;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Account;

public sealed class SignInModel(SignInManager<StaffAccount> signIn, SiteSettings site, OfficeAudit audit) : PageModel
{
    private static string? _nobodyHash;

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

        var typed = login.Trim();
        var account = await signIn.UserManager.FindByNameAsync(typed);
        var lockedBefore = account is not null && await signIn.UserManager.IsLockedOutAsync(account);
        if (account is null || lockedBefore)
        {
            // Identity answers at once for an unknown or locked login; the time would tell which logins exist.
            HashAnyway(signIn.UserManager.PasswordHasher, password);
        }

        var result = await signIn.PasswordSignInAsync(typed, password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return Redirect($"/office/signin/code?returnUrl={Uri.EscapeDataString(ReturnUrl)}");
        }

        if (result.Succeeded)
        {
            // Only an account still to be set up signs in without a second factor; the gate sends it to set-up.
            HttpContext.User = await signIn.CreateUserPrincipalAsync(account!);
            await audit.RecordAsync("staff.signin", [$"staff:{account!.Id}"]);
            return Redirect("/office/setup");
        }

        await RecordFailureAsync(audit, account, typed, result.IsLockedOut, lockedBefore, "staff.signin.failed");
        Error = result.IsLockedOut
            ? "このアカウントは今サインインできません（失敗が続いたときは15分間止めています）。時間をおいてからやり直すか、異動などで止められたときは管理者に連絡してください。"
            : "ログイン名かパスワードが違います。確かめてもう一度入力してください。";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    /// <summary>Checks the password against a hash of nothing, so an unknown login costs what a real one does.</summary>
    public static void HashAnyway(IPasswordHasher<StaffAccount> hasher, string password)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        var nobody = new StaffAccount { Name = "" };
        _nobodyHash ??= hasher.HashPassword(nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)));
        hasher.VerifyHashedPassword(nobody, _nobodyHash, password);
    }

    public static string LocalOffice(string? url) =>
        url is { Length: > 0 } && url.StartsWith("/office", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/office/";

    /// <summary>
    /// A wrong password or code is recorded with the account's login, or "(unknown)" (never what was
    /// typed, which may be a password in the wrong field); the attempt that locks the account, and every attempt while it is locked, also as a lock-out.
    /// </summary>
    public static async Task RecordFailureAsync(OfficeAudit audit, StaffAccount? account, string login, bool lockedOut, bool lockedBefore, string action)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (account is not null)
        {
            audit.LeaveUnsaved(account);
        }

        IReadOnlyList<string>? records = account is null ? null : [$"staff:{account.Id}"];
        // Only a real account's login is kept: the text typed for an unknown one may be a mistyped password.
        login = account?.UserName ?? "(unknown)";
        if (!lockedBefore)
        {
            await audit.RecordAsync(action, records, AuditOutcome.Failed, login);
        }

        if (lockedOut)
        {
            await audit.RecordAsync("staff.lockout", records, AuditOutcome.Refused, login);
        }
    }
}
