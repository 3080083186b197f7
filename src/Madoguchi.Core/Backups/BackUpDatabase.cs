using System.Data.Common;

using Madoguchi.Audit;
using Madoguchi.Data;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Backups;

/// <summary>A backup written: where, how big, whether encrypted, and its audit entry (none when it could not be recorded).</summary>
public sealed record BackupResult(string File, long Bytes, bool Encrypted, long? AuditEntryId);

/// <summary>
/// Writes a backup of the whole database to a new file while the application keeps running: on
/// SQLite through SQLite's online backup API (one consistent snapshot; writers go on, WAL), on
/// PostgreSQL with <c>pg_dump --format=custom</c> (one snapshot transaction). The file is owner-only
/// from its creation; with a key file set it is an encrypted OpenPGP message (<see cref="BackupKey"/>),
/// and the unencrypted copy exists only as an owner-only work file beside it until encrypted. Each
/// backup is recorded in the audit log as <c>db.backup</c> (after the snapshot, so it is not in it);
/// a failed one too, as failed (ADR 0031).
/// </summary>
public sealed class BackUpDatabase(DatabaseSettings database, BackupSettings settings, AuditTrail trail)
{
    public const string Action = "db.backup";

    public async Task<Outcome<BackupResult>> RunAsync(string file, CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(file);
        if (File.Exists(path))
        {
            return BackupProblems.Refused(
                "backup-file-exists",
                "同じ名前のファイルがあります",
                $"{path} はすでにあります。バックアップは既存のファイルを上書きしません。別の名前を指定してください。",
                $"{path} exists; a backup never overwrites a file.");
        }

        var folder = Path.GetDirectoryName(path);
        if (folder is null || !Directory.Exists(folder))
        {
            return BackupProblems.Refused(
                "backup-folder-missing",
                "保存先のフォルダがありません",
                $"フォルダ {folder} がありません。先に作ってください（所有者だけが読めるように: mkdir -m 700）。",
                $"The folder {folder} does not exist.");
        }

        BackupKey? key = null;
        if (settings.KeyFile is { } keyFile)
        {
            var read = BackupKey.Read(keyFile);
            if (read.Problem is { } problem)
            {
                await RecordAsync(path, null, AuditOutcome.Refused, cancellationToken);
                return problem;
            }

            key = read.Value;
        }

        var snapshot = BackupFile.Scratch(path);
        try
        {
            var taken = database.Provider == DatabaseProvider.Sqlite
                ? await SqliteSnapshotAsync(snapshot, cancellationToken)
                : await PostgresSnapshotAsync(snapshot, cancellationToken);
            if (taken is { } failed)
            {
                await RecordAsync(path, null, AuditOutcome.Failed, cancellationToken);
                return failed;
            }

            if (key is null)
            {
                File.Move(snapshot, path);
                snapshot = null;
            }
            else
            {
                await using var plain = File.OpenRead(snapshot);
                await using var output = BackupFile.Create(path);
                key.Encrypt(plain, output, Path.GetFileNameWithoutExtension(path));
            }
        }
        finally
        {
            BackupFile.Delete(snapshot);
        }

        var bytes = new FileInfo(path).Length;
        var entry = await RecordAsync(path, bytes, AuditOutcome.Ok, cancellationToken);
        return new BackupResult(path, bytes, key is not null, entry);
    }

    /// <summary>SQLite's online backup: every page of one read snapshot into the (empty, owner-only) work file.</summary>
    private async Task<Problem?> SqliteSnapshotAsync(string snapshot, CancellationToken cancellationToken)
    {
        var source = new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false, Mode = SqliteOpenMode.ReadWrite };
        if (!File.Exists(source.DataSource))
        {
            return BackupProblems.Refused(
                "database-missing",
                "データベースのファイルがありません",
                $"{Path.GetFullPath(source.DataSource)} がありません。ConnectionStrings__Madoguchi を確かめてください。",
                $"The database file {source.DataSource} does not exist.");
        }

        await using var from = new SqliteConnection(source.ConnectionString);
        await from.OpenAsync(cancellationToken);
        await using (var wait = from.CreateCommand())
        {
            // As the app's own connections: wait for a moment of WAL recovery rather than fail.
            wait.CommandText = "PRAGMA busy_timeout=30000;";
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ConnectionString);
        await to.OpenAsync(cancellationToken);
        from.BackupDatabase(to);
        return null;
    }

    private async Task<Problem?> PostgresSnapshotAsync(string snapshot, CancellationToken cancellationToken)
    {
        if (new PostgresPrograms(settings).PgDump is not { } pgDump)
        {
            return PostgresPrograms.NotFound("pg_dump", "PgDump");
        }

        // Into the owner-only work file made above: pg_dump opens it for writing, keeping its mode.
        var (exit, error, _) = await PostgresPrograms.RunAsync(pgDump, database.ConnectionString, ["--format=custom", $"--file={snapshot}"], cancellationToken);
        return exit == 0
            ? null
            : BackupProblems.Failed(
                "pg-dump-failed",
                "pg_dump が失敗しました",
                $"pg_dump が終了コード {exit} で止まりました: {PostgresPrograms.Tail(error)}。接続文字列と、pg_dump の版がサーバーと同じか新しいことを確かめてください。",
                $"pg_dump exited with {exit}.");
    }

    private async Task<long?> RecordAsync(string path, long? bytes, string outcome, CancellationToken cancellationToken)
    {
        List<string> records = [$"file:{Path.GetFileName(path)}"];
        if (bytes is { } size)
        {
            records.Add("bytes:" + size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            records.Add(settings.KeyFile is null ? "encrypted:no" : "encrypted:yes");
        }

        try
        {
            await using var db = database.Open();
            return await trail.RecordAsync(db, Action, records, outcome, cancellationToken);
        }
        catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException)
        {
            // A database of an older schema (a newer build backing it up before `db migrate`): the
            // backup stands; the caller says it was not recorded.
            return null;
        }
    }
}
