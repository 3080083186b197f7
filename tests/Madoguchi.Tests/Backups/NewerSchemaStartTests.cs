using Madoguchi.Data;
using Madoguchi.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Tests.Backups;

/// <summary>
/// The web host refuses to start on a database a newer Madoguchi has migrated, and says which
/// version is needed; rolling back is a restore, not an older build on a newer schema (ADR 0031).
/// </summary>
public sealed class NewerSchemaStartTests
{
    [Fact]
    public async Task The_web_host_refuses_to_start_on_a_newer_schema_and_names_the_migration_it_needs()
    {
        var refused = await Assert.ThrowsAsync<NewerSchemaException>(() => MadoguchiApp.StartAsync(databaseSettings: async database =>
        {
            await using var db = database.Open();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromTheFuture', '10.0.15')");
            return new Dictionary<string, string?>();
        }));

        Assert.Contains("このデータベースは新しい版の Madoguchi で更新されています", refused.Message, StringComparison.Ordinal);
        Assert.Contains("29991231000000_FromTheFuture を含む版（2999年12月31日以降の版）", refused.Message, StringComparison.Ordinal);
        Assert.Contains("This database was changed by a newer Madoguchi", refused.Message, StringComparison.Ordinal);
    }
}
