using Madoguchi.Audit;
using Madoguchi.Booking.Formats;
using Madoguchi.Staff;
using Madoguchi.Web.Audit;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Account;

/// <summary>A new account's first sign-in: a password of the person's own, an authenticator, ten recovery codes.</summary>
[Authorize]
public sealed class SetupModel(UserManager<StaffAccount> users, SignInManager<StaffAccount> signIn, TimeProvider clock, OfficeAudit audit) : PageModel
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

        if (string.IsNullOrEmpty(password) || password != confirm)
        {
            Error = "2つのパスワードが一致しません。同じパスワードを2回入力してください。";
            await audit.RecordAsync("staff.setup", [$"staff:{user.Id}"], AuditOutcome.Refused);
            return await ShowAsync();
        }

        var check = await new PasswordValidator<StaffAccount>().ValidateAsync(users, user, password);
        if (!check.Succeeded || password.Length < 12)
        {
            Error = "パスワードは12文字以上にしてください。長い言葉の組み合わせがおすすめです。";
            await audit.RecordAsync("staff.setup", [$"staff:{user.Id}"], AuditOutcome.Refused);
            return await ShowAsync();
        }

        var digits = (code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            Error = "認証コードが違います。認証アプリに QR コードを読み取らせ、表示された今の6桁を入力してください。";
            await audit.RecordAsync("staff.setup", [$"staff:{user.Id}"], AuditOutcome.Failed);
            return await ShowAsync();
        }

        await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        await users.SetTwoFactorEnabledAsync(user, true);
        user.NeedsSetup = false;
        await users.UpdateAsync(user);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [CodeModel.PasswordAt(clock)]);
        await audit.RecordAsync("staff.setup", [$"staff:{user.Id}"]);
        return Page();
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
