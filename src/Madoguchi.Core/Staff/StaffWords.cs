namespace Madoguchi.Staff;

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
