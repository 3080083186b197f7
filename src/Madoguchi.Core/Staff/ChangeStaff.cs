using Madoguchi.Audit;

using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Staff;

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
