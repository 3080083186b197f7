using Madoguchi.Audit;
using Madoguchi.Data;

namespace Madoguchi.Cli;

/// <summary>
/// The audit trail of a command: its entries name the operating-system account, <c>cli</c> and the
/// command, sealed with the office's audit key (the same key file the office process reads).
/// </summary>
internal static class CommandLineAudit
{
    public const string MigrateAction = "db.migrate";

    /// <summary>For a benchmark's throwaway database: a key made for the run, never the office's key file.</summary>
    public static AuditTrail Scratch { get; } = new(TimeProvider.System, AuditKeys.Generate("bench"), () => AuditActor.AtCommandLine("madoguchi bench"));

    public static AuditTrail Trail(string command) => Trail(command, CliConfiguration.Load(), TimeProvider.System);

    public static AuditTrail Trail(string command, Microsoft.Extensions.Configuration.IConfiguration configuration, TimeProvider clock) =>
        new(clock, AuditKeys.From(configuration, clock), () => AuditActor.AtCommandLine(command));

    /// <summary>
    /// Brings the schema up to date before a command's work; the migrations applied, if any, are
    /// recorded, so a schema change made from a shell is never unseen.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(DatabaseSettings settings, AuditTrail trail, bool recordNone = false, CancellationToken cancellationToken = default)
    {
        var applied = await settings.MigrateAsync(cancellationToken);
        if (applied.Count > 0 || recordNone)
        {
            await using var db = settings.Open();
            await trail.RecordAsync(db, MigrateAction, [.. applied.Select(m => $"migration:{m}")], cancellationToken: cancellationToken);
        }

        return applied;
    }
}
