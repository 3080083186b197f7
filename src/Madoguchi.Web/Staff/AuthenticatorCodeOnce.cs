using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using Madoguchi.Data;
using Madoguchi.Staff;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Staff;

/// <summary>
/// The authenticator's six digits, each accepted once (ADR 0017). A code is compared with the
/// account's key for the time steps 90 seconds either side of now (the slack Identity allows for a
/// phone's clock); the step it matches must be later than the last step the account used. That
/// step is kept in Identity's user tokens and moved on by compare-and-swap, so of two sign-ins racing
/// with one code exactly one wins, on SQLite and on PostgreSQL, in one process or several.
/// </summary>
public sealed class AuthenticatorCodeOnce(MadoguchiDb db, TimeProvider clock) : AuthenticatorTokenProvider<StaffAccount>
{
    /// <summary>Identity's own store name, where the authenticator key and the recovery codes are kept too.</summary>
    public const string Store = "[AspNetUserStore]";

    public const string LastStep = "AuthenticatorLastStep";

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<StaffAccount> manager, StaffAccount user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token is not { Length: 6 } || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds() / Totp.StepSeconds;
        var typed = Encoding.ASCII.GetBytes(token);
        for (var step = now - 2; step <= now + 2; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.CodeAt(key, step)), typed))
            {
                return await TakeStepAsync(user.Id, step);
            }
        }

        return false;
    }

    /// <summary>Moves the account's last used step to this one; false when this step or a later one was used already.</summary>
    private async Task<bool> TakeStepAsync(int account, long step)
    {
        var value = step.ToString(CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var last = await db.UserTokens.AsNoTracking()
                .Where(t => t.UserId == account && t.LoginProvider == Store && t.Name == LastStep)
                .Select(t => t.Value)
                .SingleOrDefaultAsync();
            if (last is null)
            {
                var row = new IdentityUserToken<int> { UserId = account, LoginProvider = Store, Name = LastStep, Value = value };
                db.UserTokens.Add(row);
                try
                {
                    await db.WriteAsync(() => db.SaveChangesAsync());
                    db.Entry(row).State = EntityState.Detached;
                    return true;
                }
                catch (DbUpdateException)
                {
                    // Another sign-in stored its step first: read it and compare again.
                    db.Entry(row).State = EntityState.Detached;
                    continue;
                }
            }

            if (long.Parse(last, CultureInfo.InvariantCulture) >= step)
            {
                return false;
            }

            var moved = await db.WriteAsync(() => db.UserTokens
                .Where(t => t.UserId == account && t.LoginProvider == Store && t.Name == LastStep && t.Value == last)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, value)));
            if (moved == 1)
            {
                return true;
            }
        }

        return false;
    }
}
