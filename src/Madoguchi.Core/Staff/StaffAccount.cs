using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Staff;

/// <summary>
/// A member of staff designated for My Number work (R8), signing in with a password and an
/// authenticator app. The login is Identity's user name.
/// </summary>
public sealed class StaffAccount : IdentityUser<int>
{
    public required string Name { get; set; }

    public StaffRole Role { get; set; }

    /// <summary>Codes of the places this person may work for, separated by commas; empty means all.</summary>
    public string Places { get; set; } = "";

    /// <summary>True until the first sign-in has set a password of the person's own and enrolled an authenticator.</summary>
    public bool NeedsSetup { get; set; } = true;

    public IReadOnlyList<string> PlaceCodes => Places.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum StaffRole
{
    Administrator = 1,
    Supervisor = 2,
    Clerk = 3,
    PartTimer = 4,
    Auditor = 5,
}

public static class StaffWords
{
    public static string Japanese(this StaffRole role) => role switch
    {
        StaffRole.Administrator => "管理者",
        StaffRole.Supervisor => "係長",
        StaffRole.Clerk => "職員",
        StaffRole.PartTimer => "パート",
        StaffRole.Auditor => "監査",
        _ => role.ToString(),
    };

    public static bool TryParseRole(string? text, out StaffRole role)
    {
        role = (text ?? "").Trim().ToLowerInvariant() switch
        {
            "管理者" or "admin" or "administrator" => StaffRole.Administrator,
            "係長" or "supervisor" => StaffRole.Supervisor,
            "職員" or "clerk" => StaffRole.Clerk,
            "パート" or "part" or "parttimer" or "part-timer" => StaffRole.PartTimer,
            "監査" or "auditor" => StaffRole.Auditor,
            _ => 0,
        };
        return role != 0;
    }
}
