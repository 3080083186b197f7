using Madoguchi.Audit;

using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Staff;

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
