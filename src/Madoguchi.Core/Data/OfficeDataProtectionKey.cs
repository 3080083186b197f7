namespace Madoguchi.Data;

/// <summary>
/// A data-protection key of the processes that serve the office zone. Kept apart from
/// <c>data_protection_keys</c>, which the public role may read and add to, so that a public
/// process can never mint an office sign-in cookie (docs/decisions/0010-database-roles.md).
/// </summary>
public sealed class OfficeDataProtectionKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public string? Xml { get; set; }
}
