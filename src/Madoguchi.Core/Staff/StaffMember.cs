namespace Madoguchi.Staff;

/// <summary>
/// A member of staff designated for My Number work. Sign-in (password and second factor) is
/// added on top of this record by the office zone's staff feature.
/// </summary>
public sealed class StaffMember
{
    public int Id { get; set; }

    public required string Login { get; set; }

    public required string Name { get; set; }

    public StaffRole Role { get; set; }

    /// <summary>Codes of the places this person may work for, separated by commas; empty means all.</summary>
    public string Places { get; set; } = "";
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
}
