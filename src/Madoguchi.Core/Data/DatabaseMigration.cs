using System.Globalization;

namespace Madoguchi.Data;

public static class DatabaseMigration
{
    /// <summary>Applies every pending migration; never drops data (the migrations only add).</summary>
    /// <exception cref="NewerSchemaException">The database was changed by a newer Madoguchi than this one.</exception>
    public static async Task<IReadOnlyList<string>> MigrateAsync(this DatabaseSettings settings, CancellationToken cancellationToken = default)
    {
        settings.PrepareStorage();
        await using var db = settings.Open();
        await RefuseNewerSchemaAsync(db, cancellationToken);
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
    /// <exception cref="NewerSchemaException">The database was changed by a newer Madoguchi than this one.</exception>
    public static async Task RequireMigratedAsync(this DatabaseSettings settings, CancellationToken cancellationToken = default)
    {
        await using var db = settings.Open();
        await RefuseNewerSchemaAsync(db, cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new Madoguchi.Operations.SettingTrouble(
                $"データベースが最新の形になっていません（未適用: {string.Join(", ", pending)}）。先に庁内側で madoguchi db migrate を実行してください。");
        }
    }

    /// <summary>The migrations <c>db migrate</c> would apply, in order; changes nothing (<c>db migrate --dry-run</c>).</summary>
    /// <exception cref="NewerSchemaException">The database was changed by a newer Madoguchi than this one.</exception>
    public static async Task<IReadOnlyList<string>> PendingMigrationsAsync(this DatabaseSettings settings, CancellationToken cancellationToken = default)
    {
        await using var db = settings.Open();
        await RefuseNewerSchemaAsync(db, cancellationToken);
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    /// <summary>
    /// Refuses a database that holds migrations this build does not know: a newer Madoguchi changed
    /// its schema, and this one would read or write it wrongly. Rolling back an upgrade is a restore
    /// of the backup taken before it, never an older build on the newer schema (ADR 0031).
    /// </summary>
    public static async Task RefuseNewerSchemaAsync(MadoguchiDb db, CancellationToken cancellationToken = default)
    {
        var known = db.Database.GetMigrations().ToList();
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Where(m => !known.Contains(m, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new NewerSchemaException(unknown.Max(StringComparer.Ordinal)!, known.Count == 0 ? "" : known.Max(StringComparer.Ordinal)!);
        }
    }
}

/// <summary>
/// The database's schema is newer than this build: it names the newest migration the database has
/// and the newest this build knows, and asks for a Madoguchi that includes the former.
/// </summary>
public sealed class NewerSchemaException(string newestInDatabase, string newestKnown) : InvalidOperationException(Describe(newestInDatabase, newestKnown))
{
    public string NewestInDatabase { get; } = newestInDatabase;

    public string NewestKnown { get; } = newestKnown;

    private static string Describe(string inDatabase, string known) =>
        $"このデータベースは新しい版の Madoguchi で更新されています（データベースの最新の変更: {inDatabase}{DateOf(inDatabase)}、この版が知っている最新の変更: {known}{DateOf(known)}）。"
        + $"この版では起動できません。{inDatabase} を含む版{DateOf(inDatabase, "以降の版")}の Madoguchi で起動してください。"
        + "古い版に戻すときは、更新の前に取ったバックアップを madoguchi db restore で空のデータベースに復元します。"
        + Environment.NewLine
        + $"This database was changed by a newer Madoguchi (its newest migration: {inDatabase}; this build knows up to {known}). "
        + $"Start a Madoguchi that includes {inDatabase}; to go back to an older version, restore the backup taken before the upgrade.";

    /// <summary>The day a migration was made, from its id (<c>20261203151256_NativeTimes</c>): the day of the build that brought it.</summary>
    private static string DateOf(string migration, string? suffix = null)
    {
        if (migration.Length >= 8 && DateOnly.TryParseExact(migration[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return suffix is null ? $"（{day:yyyy年M月d日}）" : $"（{day:yyyy年M月d日}{suffix}）";
        }

        return "";
    }
}
