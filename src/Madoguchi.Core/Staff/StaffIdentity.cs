using System.Security.Claims;

using Madoguchi.Audit;
using Madoguchi.Data;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Madoguchi.Staff;

public static class StaffClaims
{
    public const string Places = "madoguchi:places";
    public const string NeedsSetup = "madoguchi:needs-setup";
    public const string PasswordAt = "madoguchi:password-at";
    public const string Name = "madoguchi:name";
}

public static class StaffIdentity
{
    /// <summary>Identity for staff accounts in the Madoguchi database: passwords, lock-out, authenticator codes.</summary>
    public static IdentityBuilder AddMadoguchiStaffIdentity(this IServiceCollection services) =>
        services.AddIdentityCore<StaffAccount>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";
            })
            .AddRoles<IdentityRole<int>>()
            .AddEntityFrameworkStores<MadoguchiDb>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>();

    /// <summary>A one-time password for a new account's first sign-in, easy to read out: 16 letters and digits in groups.</summary>
    public static string NewFirstPassword()
    {
        const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(Alphabet, 16);
        return $"{new string(chars[..4])}-{new string(chars[4..8])}-{new string(chars[8..12])}-{new string(chars[12..])}";
    }
}

/// <summary>Puts the staff member's role, places and set-up state into the sign-in cookie.</summary>
public sealed class StaffClaimsFactory(UserManager<StaffAccount> users, RoleManager<IdentityRole<int>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffAccount, IdentityRole<int>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffAccount user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        identity.AddClaim(new Claim(StaffClaims.Name, user.Name));
        identity.AddClaim(new Claim(StaffClaims.Places, user.Places));
        if (user.NeedsSetup)
        {
            identity.AddClaim(new Claim(StaffClaims.NeedsSetup, "true"));
        }

        return identity;
    }
}

public sealed record NewStaff(string Login, string Name, StaffRole Role, string FirstPassword);

/// <summary>Creates a staff account whose first sign-in must set a password and enrol an authenticator.</summary>
public sealed class AddStaff(UserManager<StaffAccount> users, MadoguchiDb db, AuditTrail audit)
{
    public const string Action = "staff.create";

    public async Task<(NewStaff? Staff, string? Error)> RunAsync(string? login, string? name, string? role, string? places, CancellationToken cancellationToken = default)
    {
        var (staff, error) = await CreateAsync(login, name, role, places, cancellationToken);
        if (error is not null)
        {
            await audit.RecordAsync(db, Action, outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);
        }

        return (staff, error);
    }

    private async Task<(NewStaff? Staff, string? Error)> CreateAsync(string? login, string? name, string? role, string? places, CancellationToken cancellationToken)
    {
        login = login?.Trim();
        if (string.IsNullOrEmpty(login) || login.Length > 60 || login.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_')))
        {
            return (null, "ログイン名は半角の英数字と - . _ で、60文字までにしてください。");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            return (null, "氏名を100文字までで入力してください。");
        }

        if (!StaffWords.TryParseRole(role, out var staffRole))
        {
            return (null, "役割は 管理者・係長・職員・パート・監査 のいずれかにしてください。");
        }

        var codes = (places ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var known = db.Places.Select(p => p.Code).ToHashSet();
        if (codes.FirstOrDefault(c => !known.Contains(c)) is { } unknown)
        {
            return (null, $"交付場所「{unknown}」はありません。{string.Join("、", known)} から選んでください。");
        }

        if (await users.FindByNameAsync(login) is not null)
        {
            return (null, $"ログイン名「{login}」はすでに使われています。別の名前にしてください。");
        }

        var first = StaffIdentity.NewFirstPassword();
        var account = new StaffAccount { UserName = login, Name = name.Trim(), Role = staffRole, Places = string.Join(',', codes), NeedsSetup = true, LockoutEnabled = true };
        return await db.InTransactionAsync<(NewStaff?, string?)>(
            async () =>
            {
                var created = await users.CreateAsync(account, first);
                if (!created.Succeeded)
                {
                    return (false, (null, string.Join(" ", created.Errors.Select(e => e.Description))));
                }

                await audit.RecordAsync(db, Action, [$"staff:{account.Id}"], cancellationToken: cancellationToken);
                return (true, (new NewStaff(login, account.Name, staffRole, first), null));
            },
            cancellationToken);
    }
}

/// <summary>
/// An administrator changes an account's role and places, or stops and restarts it. Every change
/// renews the security stamp, so each of the account's sessions ends at its next request (ADR 0016).
/// An administrator cannot stop or demote their own account, so the city always keeps one.
/// </summary>
public sealed class ChangeStaff(UserManager<StaffAccount> users, MadoguchiDb db, AuditTrail audit)
{
    public async Task<string?> RunAsync(int id, int actingId, string? role, string? places, bool stopped, CancellationToken cancellationToken = default)
    {
        var error = await ChangeAsync(id, actingId, role, places, stopped, cancellationToken);
        if (error is not null)
        {
            await audit.RecordAsync(db, stopped ? "staff.change.stop" : "staff.change", [$"staff:{id}"], AuditOutcome.Refused, cancellationToken);
        }

        return error;
    }

    private async Task<string?> ChangeAsync(int id, int actingId, string? role, string? places, bool stopped, CancellationToken cancellationToken)
    {
        var account = await users.FindByIdAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (account is null)
        {
            return "そのアカウントは見つかりませんでした。一覧からもう一度選んでください。";
        }

        if (!StaffWords.TryParseRole(role, out var staffRole))
        {
            return "役割は 管理者・係長・職員・パート・監査 のいずれかにしてください。";
        }

        var codes = (places ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var known = await db.Places.Select(p => p.Code).ToListAsync(cancellationToken);
        if (codes.FirstOrDefault(c => !known.Contains(c)) is { } unknown)
        {
            return $"交付場所「{unknown}」はありません。{string.Join("、", known)} から選んでください。";
        }

        if (id == actingId && (stopped || staffRole != StaffRole.Administrator))
        {
            return "自分のアカウントを止めたり、管理者でなくしたりはできません。ほかの管理者に頼んでください。何も変えていません。";
        }

        account.Role = staffRole;
        account.Places = string.Join(',', codes);
        account.LockoutEnd = stopped ? DateTimeOffset.MaxValue : account.LockoutEnd == DateTimeOffset.MaxValue ? null : account.LockoutEnd;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        return await db.InTransactionAsync<string?>(
            async () =>
            {
                var saved = await users.UpdateAsync(account);
                if (!saved.Succeeded)
                {
                    return (false, "ほかの画面で同時に変更されたため、保存しませんでした。一覧を開き直してからやり直してください。");
                }

                await audit.RecordAsync(db, stopped ? "staff.change.stop" : "staff.change", [$"staff:{id}"], cancellationToken: cancellationToken);
                return (true, null);
            },
            cancellationToken);
    }
}
