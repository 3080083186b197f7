using Madoguchi.Audit;
using Madoguchi.Data;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

using Npgsql;

namespace Madoguchi.Backups;

/// <summary>A backup restored: from which file, the migrations applied after it (a backup of an older build), and its audit entry.</summary>
public sealed record RestoreResult(string File, bool Encrypted, IReadOnlyList<string> Applied, long AuditEntryId);

/// <summary>
/// Restores a backup made by <see cref="BackUpDatabase"/> into an EMPTY database (a SQLite file that
/// is not there yet or holds no table; a PostgreSQL database without tables): it never overwrites
/// data. An encrypted backup needs the key it was made with. A backup whose schema is newer than
/// this build is refused before anything is written. On PostgreSQL the cluster-wide roles
/// (<c>madoguchi_office</c>, <c>madoguchi_public</c>) are made when missing, the dump brings back the
/// grants and functions, the objects belong to the user restoring (<c>--no-owner</c>), and the
/// database-wide grants the migrations gave are given again. Then the schema is brought up to this
/// build and <c>db.restore</c> is recorded in the restored database, continuing its audit chain
/// (ADR 0031). The audit key file must be the office's, whose keys sealed the chain.
/// </summary>
public sealed class RestoreDatabase(DatabaseSettings database, BackupSettings settings, AuditTrail trail)
{
    public const string Action = "db.restore";

    public async Task<Outcome<RestoreResult>> RunAsync(string file, CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            return BackupProblems.Refused(
                "backup-not-found",
                "バックアップのファイルが見つかりません",
                $"{path} がありません。パスを確かめてください。",
                $"The backup file {path} does not exist.");
        }

        var kind = BackupFile.KindOf(path);
        var encrypted = kind == BackupKind.Encrypted;
        string? plain = null;
        try
        {
            var source = path;
            if (encrypted)
            {
                if (settings.KeyFile is not { } keyFile)
                {
                    return BackupProblems.Refused(
                        "backup-key-needed",
                        "このバックアップは暗号化されています",
                        "復元にはバックアップを取ったときの鍵が必要です。Madoguchi__Backup__KeyFile（または --key-file）に鍵のファイルを指定してください。",
                        "This backup is encrypted: name its key file (Madoguchi__Backup__KeyFile or --key-file).");
                }

                var key = BackupKey.Read(keyFile);
                if (key.Problem is { } keyProblem)
                {
                    return keyProblem;
                }

                plain = BackupFile.Scratch(WorkNear());
                await using (var input = File.OpenRead(path))
                await using (var output = new FileStream(plain, FileMode.Truncate, FileAccess.Write))
                {
                    if (key.Value!.Decrypt(input, output) is { } decryptProblem)
                    {
                        return decryptProblem;
                    }
                }

                source = plain;
                kind = BackupFile.KindOf(plain);
            }
            else if (kind == BackupKind.Sqlite)
            {
                // SQLite opens only a copy: opening the backup itself could leave -wal and -shm files beside it.
                plain = BackupFile.Scratch(WorkNear());
                await using (var input = File.OpenRead(path))
                await using (var output = new FileStream(plain, FileMode.Truncate, FileAccess.Write))
                {
                    await input.CopyToAsync(output, cancellationToken);
                }

                source = plain;
            }

            var expected = database.Provider == DatabaseProvider.Sqlite ? BackupKind.Sqlite : BackupKind.PostgresDump;
            if (kind != expected)
            {
                return WrongKind(kind, expected);
            }

            var inBackup = kind == BackupKind.Sqlite ? await SqliteMigrationsAsync(source, cancellationToken) : await PostgresMigrationsAsync(source, cancellationToken);
            if (inBackup.Problem is { } readProblem)
            {
                return readProblem;
            }

            if (NewerThanThisBuild(inBackup.Value!) is { } newer)
            {
                return newer;
            }

            var restored = database.Provider == DatabaseProvider.Sqlite
                ? await RestoreSqliteAsync(source, cancellationToken)
                : await RestorePostgresAsync(source, cancellationToken);
            if (restored is { } restoreProblem)
            {
                return restoreProblem;
            }
        }
        finally
        {
            BackupFile.Delete(plain);
        }

        // A backup of an older build is brought up to this one, as the office's start would.
        var applied = await database.MigrateAsync(cancellationToken);
        List<string> records = [$"file:{Path.GetFileName(path)}", encrypted ? "encrypted:yes" : "encrypted:no", .. applied.Select(m => $"migration:{m}")];
        await using var db = database.Open();
        var entry = await trail.RecordAsync(db, Action, records, cancellationToken: cancellationToken);
        return new RestoreResult(path, encrypted, applied, entry);
    }

    /// <summary>Where the decrypted work file goes: beside the SQLite database, or the temporary folder for PostgreSQL.</summary>
    private string WorkNear() => database.Provider == DatabaseProvider.Sqlite
        ? Path.GetFullPath(SqliteFile()) + ".restore"
        : Path.Combine(Path.GetTempPath(), "madoguchi-restore.dump");

    private string SqliteFile() => new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;

    private static Problem WrongKind(BackupKind found, BackupKind expected)
    {
        static string Name(BackupKind kind) => kind switch
        {
            BackupKind.Sqlite => "SQLite のデータベース",
            BackupKind.PostgresDump => "PostgreSQL の pg_dump（custom 形式）",
            BackupKind.Encrypted => "暗号化したバックアップ",
            _ => "Madoguchi のバックアップではないファイル",
        };

        return BackupProblems.Refused(
            "backup-wrong-kind",
            "このデータベースには復元できないファイルです",
            $"このファイルは{Name(found)}です。復元先は{Name(expected)}のバックアップを求めています。Madoguchi__Database__Provider と、ファイルを確かめてください。",
            $"The file is a {found} backup; this database needs a {expected} one.");
    }

    private Problem? NewerThanThisBuild(IReadOnlyList<string> inBackup)
    {
        using var db = database.Open();
        var known = db.Database.GetMigrations().ToList();
        var unknown = inBackup.Where(m => !known.Contains(m, StringComparer.Ordinal)).ToList();
        if (unknown.Count == 0)
        {
            return null;
        }

        var newer = new NewerSchemaException(unknown.Max(StringComparer.Ordinal)!, known.Max(StringComparer.Ordinal) ?? "");
        return BackupProblems.Refused(
            "backup-newer-schema",
            "このバックアップは新しい版の Madoguchi のものです",
            $"バックアップのデータベースの最新の変更は {newer.NewestInDatabase} で、この版（最新の変更 {newer.NewestKnown}）より新しい版で作られています。"
            + $"{newer.NewestInDatabase} を含む版の madoguchi で復元してください。何も書き込んでいません。",
            $"The backup's schema ({newer.NewestInDatabase}) is newer than this build's ({newer.NewestKnown}); restore it with a newer Madoguchi.");
    }

    private static Problem NotEmpty(string where, string how) => BackupProblems.Refused(
        "database-not-empty",
        "復元先のデータベースが空ではありません",
        $"{where} にはすでに表があります。復元は空のデータベースにだけ行い、今のデータを上書きしません。{how}",
        $"{where} is not empty: restore only into an empty database.");

    private static async Task<Outcome<IReadOnlyList<string>>> SqliteMigrationsAsync(string file, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return new Outcome<IReadOnlyList<string>>([], null);
        }

        command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return new Outcome<IReadOnlyList<string>>(ids, null);
    }

    /// <summary>The migration ids in a dump: pg_restore writes that one table's data as a script, connecting nowhere.</summary>
    private async Task<Outcome<IReadOnlyList<string>>> PostgresMigrationsAsync(string dump, CancellationToken cancellationToken)
    {
        if (new PostgresPrograms(settings).PgRestore is not { } pgRestore)
        {
            return PostgresPrograms.NotFound("pg_restore", "PgRestore");
        }

        var (exit, error, output) = await PostgresPrograms.RunAsync(pgRestore, null, ["--data-only", "--table=__EFMigrationsHistory", "--file=-", dump], cancellationToken);
        if (exit != 0)
        {
            return RestoreFailed(exit, error);
        }

        var ids = new List<string>();
        var inCopy = false;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("COPY ", StringComparison.Ordinal) && line.Contains("__EFMigrationsHistory", StringComparison.Ordinal))
            {
                inCopy = true;
            }
            else if (inCopy && line.TrimEnd('\r') == "\\.")
            {
                inCopy = false;
            }
            else if (inCopy && line.Length > 0)
            {
                ids.Add(line.Split('\t')[0]);
            }
        }

        return new Outcome<IReadOnlyList<string>>(ids, null);
    }

    private async Task<Problem?> RestoreSqliteAsync(string source, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(SqliteFile());
        if (File.Exists(target))
        {
            await using var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ConnectionString);
            await check.OpenAsync(cancellationToken);
            await using var count = check.CreateCommand();
            count.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return NotEmpty(target, "今のファイルを別の名前に移すか別の場所に退けて（-wal と -shm のファイルも）から、もう一度実行してください。");
            }
        }
        else
        {
            database.PrepareStorage();
            BackupFile.CreateEmpty(target);
        }

        await using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Pooling = false }.ConnectionString);
        await from.OpenAsync(cancellationToken);
        await using var to = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await to.OpenAsync(cancellationToken);
        from.BackupDatabase(to);
        return null;
    }

    private async Task<Problem?> RestorePostgresAsync(string dump, CancellationToken cancellationToken)
    {
        if (new PostgresPrograms(settings).PgRestore is not { } pgRestore)
        {
            return PostgresPrograms.NotFound("pg_restore", "PgRestore");
        }

        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var count = new NpgsqlCommand(
                "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')",
                connection);
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                return NotEmpty($"データベース {name}", "createdb で新しいデータベースを作り、ConnectionStrings__Madoguchi をそれに向けてから、もう一度実行してください。");
            }

            try
            {
                // The roles are the cluster's, not the dump's (as in the migration "Audit"); their passwords are set apart (README).
                await using var roles = new NpgsqlCommand(
                    """
                    DO $roles$
                    BEGIN
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'madoguchi_office') THEN CREATE ROLE madoguchi_office LOGIN; END IF;
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'madoguchi_public') THEN CREATE ROLE madoguchi_public LOGIN; END IF;
                    END
                    $roles$;
                    """,
                    connection);
                await roles.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                return BackupProblems.Refused(
                    "postgres-roles-missing",
                    "データベースのロールがありません",
                    "このサーバーには madoguchi_office と madoguchi_public のロールがなく、この接続のユーザーには作る権限がありません。"
                    + "スーパーユーザーで CREATE ROLE madoguchi_office LOGIN; CREATE ROLE madoguchi_public LOGIN; を実行してから、もう一度復元してください。",
                    "The roles madoguchi_office and madoguchi_public are missing and this user may not create them: create them as a superuser first.");
            }
        }

        var (exit, error, _) = await PostgresPrograms.RunAsync(pgRestore, database.ConnectionString, ["--no-owner", "--single-transaction", "--exit-on-error", dump], cancellationToken);
        if (exit != 0)
        {
            return RestoreFailed(exit, error);
        }

        // Grants on the database itself are not in a dump of its contents: given again as the migrations gave them.
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var grants = new NpgsqlCommand(
                """
                DO $grants$
                BEGIN
                    EXECUTE format('GRANT CONNECT ON DATABASE %I TO madoguchi_office, madoguchi_public', current_database());
                END
                $grants$;
                REVOKE CREATE ON SCHEMA public FROM PUBLIC;
                """,
                connection);
            await grants.ExecuteNonQueryAsync(cancellationToken);
        }

        return null;
    }

    private static Problem RestoreFailed(int exit, string error) => BackupProblems.Failed(
        "pg-restore-failed",
        "pg_restore が失敗しました",
        $"pg_restore が終了コード {exit} で止まりました: {PostgresPrograms.Tail(error)}。復元は1つのトランザクションで行うので、データベースは空のままです。"
        + "pg_restore の版がバックアップを取った pg_dump と同じか新しいことを確かめてください。",
        $"pg_restore exited with {exit}; the database was left empty.");
}
