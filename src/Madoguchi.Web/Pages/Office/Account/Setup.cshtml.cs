using Madoguchi.Booking.Formats;
using Madoguchi.Staff;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Account;

/// <summary>A new account's first sign-in: a password of the person's own, an authenticator, ten recovery codes.</summary>
[Authorize]
public sealed class SetupModel(UserManager<StaffAccount> users, SignInManager<StaffAccount> signIn, StaffSignIn staff) : PageModel
{
    public string Key { get; private set; } = "";

    public string QrSvg { get; private set; } = "";

    public string? Error { get; private set; }

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await ShowAsync();

    public async Task<IActionResult> OnPostAsync(string? password, string? confirm, string? code)
    {
        var user = await users.GetUserAsync(User);
        if (user is null || !user.NeedsSetup)
        {
            return Redirect("/office/");
        }

        (RecoveryCodes, Error) = await staff.SetUpAsync(user, password, confirm, code);
        return Error is null ? Page() : await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Redirect("/office/signin");
        }

        if (!user.NeedsSetup)
        {
            return Redirect("/office/");
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            // A new key changes the security stamp, which ends every session (ADR 0016): this one carries on.
            await signIn.RefreshSignInAsync(user);
        }

        Key = key!;
        QrSvg = QrCode.Svg(Totp.Uri("Madoguchi", user.UserName!, Key), "認証アプリに登録する QR コード");
        return Page();
    }
}
