using Madoguchi.Audit;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>The audit trail of a test that calls a feature directly: one key for the whole run, an actor named "test".</summary>
public static class TestAudit
{
    public static readonly AuditKeys Keys = AuditKeys.Generate("test");

    public static readonly AuditActor Actor = new(null, "test", "test", null, "madoguchi tests");

    public static AuditTrail Trail(TimeProvider clock) => new(clock, Keys, () => Actor);
}
