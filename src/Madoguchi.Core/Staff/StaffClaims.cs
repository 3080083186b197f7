namespace Madoguchi.Staff;

public static class StaffClaims
{
    public const string Places = "madoguchi:places";
    public const string NeedsSetup = "madoguchi:needs-setup";
    public const string PasswordAt = "madoguchi:password-at";
    public const string Name = "madoguchi:name";
}
