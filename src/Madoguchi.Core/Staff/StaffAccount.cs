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
