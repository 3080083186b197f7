namespace Madoguchi.Data;

public static class DatabaseMigration
{
    /// <summary>Applies every pending migration; never drops data (the migrations only add).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(this DatabaseSettings settings, CancellationToken cancellationToken = default)
    {
        settings.PrepareStorage();
        await using var db = settings.Open();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the public zone read while an import writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        return pending;
    }

    /// <summary>For a role that may not migrate: refuses to start on a database that the office side has not migrated yet.</summary>
    public static async Task RequireMigratedAsync(this DatabaseSettings settings, CancellationToken cancellationToken = default)
    {
        await using var db = settings.Open();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"データベースが最新の形になっていません（未適用: {string.Join(", ", pending)}）。先に庁内側で madoguchi db migrate を実行してください。");
        }
    }
}
