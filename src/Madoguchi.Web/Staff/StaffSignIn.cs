using System.Globalization;
using System.Security.Claims;

using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Staff;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Staff;

/// <summary>
/// A staff member's way in and out of the office: password, authenticator or recovery code, the
/// password asked again before personal data leaves the office, a new account's set-up, sign-out.
/// Each step writes its own entry (<c>staff.signin</c>, <c>staff.signin.recovery</c>,
/// <c>staff.signin.failed</c>, <c>staff.lockout</c>, <c>staff.reauth</c>, <c>staff.reauth.failed</c>,
/// <c>staff.setup</c>, <c>staff.signout</c>), a success in the name of the person now signed in.
/// </summary>
public sealed class StaffSignIn(SignInManager<StaffAccount> signIn, TimeProvider clock, MadoguchiDb db, AuditTrail audit)
{
    private static string? _nobodyHash;

    /// <summary>
    /// The password. <see cref="SignInResult.RequiresTwoFactor"/> leads to the code; only an account
    /// still to be set up succeeds here, and goes on to set-up.
    /// </summary>
    public async Task<SignInResult> PasswordAsync(string login, string password)
    {
        var users = signIn.UserManager;
        var account = await users.FindByNameAsync(login);
        var lockedBefore = account is not null && await users.IsLockedOutAsync(account);
        if (account is null || lockedBefore)
        {
            // Identity answers at once for an unknown or locked login; the time would tell which logins exist.
            HashAnyway(users.PasswordHasher, password);
        }

        var result = await signIn.PasswordSignInAsync(login, password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return result;
        }

        if (result.Succeeded)
        {
            // The cookie takes effect from the next request; the entry names the person now.
            signIn.Context.User = await signIn.CreateUserPrincipalAsync(account!);
            await audit.RecordAsync(db, "staff.signin", [$"staff:{account!.Id}"]);
            return result;
        }

        await RecordFailureAsync(account, result, lockedBefore, "staff.signin.failed");
        return result;
    }

    /// <summary>The authenticator's six digits or a recovery code; null when no one is halfway signed in.</summary>
    public async Task<SignInResult?> CodeAsync(string? code)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return null;
        }

        var typed = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var lockedBefore = await signIn.UserManager.IsLockedOutAsync(user);
        var authenticator = typed.Length == 6 && typed.All(char.IsAsciiDigit);
        var result = authenticator
            ? await signIn.TwoFactorAuthenticatorSignInAsync(typed, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code ?? "");
        if (result.Succeeded)
        {
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, [PasswordAt()]);
            signIn.Context.User = await signIn.CreateUserPrincipalAsync(user);
            // A recovery code used is worth a line of its own: the authenticator may be lost or stolen.
            await audit.RecordAsync(db, authenticator ? "staff.signin" : "staff.signin.recovery", [$"staff:{user.Id}"]);
            return result;
        }

        await RecordFailureAsync(user, result, lockedBefore, "staff.signin.failed");
        return result;
    }

    /// <summary>The password asked again of someone signed in; success renews the time of the last password.</summary>
    public async Task<SignInResult> ReauthAsync(StaffAccount account, string? password)
    {
        ArgumentNullException.ThrowIfNull(account);
        var lockedBefore = await signIn.UserManager.IsLockedOutAsync(account);
        var result = await signIn.CheckPasswordSignInAsync(account, password ?? "", lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            await RecordFailureAsync(account, result, lockedBefore, "staff.reauth.failed");
            return result;
        }

        await signIn.SignInWithClaimsAsync(account, isPersistent: false, [PasswordAt()]);
        await audit.RecordAsync(db, "staff.reauth", [$"staff:{account.Id}"]);
        return result;
    }

    /// <summary>A new account's own password and authenticator; the ten recovery codes, or what to correct.</summary>
    public async Task<(IReadOnlyList<string>? RecoveryCodes, string? Error)> SetUpAsync(StaffAccount account, string? password, string? confirm, string? code)
    {
        ArgumentNullException.ThrowIfNull(account);
        var users = signIn.UserManager;
        IReadOnlyList<string> records = [$"staff:{account.Id}"];
        if (string.IsNullOrEmpty(password) || password != confirm)
        {
            await audit.RecordAsync(db, "staff.setup", records, AuditOutcome.Refused);
            return (null, "2つのパスワードが一致しません。同じパスワードを2回入力してください。");
        }

        var check = await new PasswordValidator<StaffAccount>().ValidateAsync(users, account, password);
        if (!check.Succeeded || password.Length < 12)
        {
            await audit.RecordAsync(db, "staff.setup", records, AuditOutcome.Refused);
            return (null, "パスワードは12文字以上にしてください。長い言葉の組み合わせがおすすめです。");
        }

        var digits = (code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            await audit.RecordAsync(db, "staff.setup", records, AuditOutcome.Failed);
            return (null, "認証コードが違います。認証アプリに QR コードを読み取らせ、表示された今の6桁を入力してください。");
        }

        await users.ResetPasswordAsync(account, await users.GeneratePasswordResetTokenAsync(account), password);
        await users.SetTwoFactorEnabledAsync(account, true);
        account.NeedsSetup = false;
        await users.UpdateAsync(account);
        var recoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10))!.ToList();
        await signIn.SignInWithClaimsAsync(account, isPersistent: false, [PasswordAt()]);
        await audit.RecordAsync(db, "staff.setup", records);
        return (recoveryCodes, null);
    }

    public async Task SignOutAsync()
    {
        var user = signIn.Context.User;
        // Recorded first, while the request still names who is signing out.
        if (user.Identity?.IsAuthenticated == true)
        {
            await audit.RecordAsync(db, "staff.signout");
            // Every session of the account ends, not only this browser's: a copied cookie opens nothing (ADR 0016).
            if (await signIn.UserManager.GetUserAsync(user) is { } account)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(account);
            }
        }

        await signIn.SignOutAsync();
    }

    /// <summary>Checks the password against a hash of nothing, so an unknown login costs what a real one does.</summary>
    private static void HashAnyway(IPasswordHasher<StaffAccount> hasher, string password)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        var nobody = new StaffAccount { Name = "" };
        _nobodyHash ??= hasher.HashPassword(nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)));
        hasher.VerifyHashedPassword(nobody, _nobodyHash, password);
    }

    private Claim PasswordAt() =>
        new(StaffClaims.PasswordAt, clock.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A wrong password or code is recorded with the account's login, or "(unknown)" (never what was
    /// typed, which may be a password in the wrong field); the attempt that locks the account, and every attempt while it is locked, also as a lock-out.
    /// </summary>
    private async Task RecordFailureAsync(StaffAccount? account, SignInResult result, bool lockedBefore, string action)
    {
        if (account is not null)
        {
            LeaveUnsaved(account);
        }

        IReadOnlyList<string>? records = account is null ? null : [$"staff:{account.Id}"];
        // A failed sign-in names the login, as no one is signed in yet.
        var login = account?.UserName ?? "(unknown)";
        var named = audit.WithActor(a => a.Login is null ? a with { Login = login } : a);
        if (!lockedBefore)
        {
            await named.RecordAsync(db, action, records, AuditOutcome.Failed);
        }

        if (result.IsLockedOut)
        {
            await named.RecordAsync(db, "staff.lockout", records, AuditOutcome.Refused);
        }
    }

    /// <summary>
    /// Keeps a change Identity could not save out of the next entry's save: when two sign-ins of one
    /// account fail at once, the later one's failure count meets a changed concurrency stamp, and the
    /// entry recording the failure must not fail with it.
    /// </summary>
    private void LeaveUnsaved(StaffAccount account)
    {
        if (db.Entry(account).State == EntityState.Modified)
        {
            db.Entry(account).State = EntityState.Detached;
        }
    }
}
