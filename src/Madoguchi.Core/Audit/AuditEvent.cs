namespace Madoguchi.Audit;

/// <summary>What happened, as the caller knows it; the writer adds the time, the id and the hashes.</summary>
public sealed record AuditEvent(
    string Action,
    string Outcome = AuditOutcome.Ok,
    IReadOnlyList<string>? Records = null,
    int? StaffId = null,
    string? StaffLogin = null,
    string? Role = null,
    string? Address = null,
    string? UserAgent = null);

public static class AuditOutcome
{
    public const string Ok = "ok";
    public const string Refused = "refused";
    public const string Failed = "failed";
}
