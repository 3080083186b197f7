using System.CommandLine;

using Madoguchi.Backups;
using Madoguchi.Data;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Cli;

/// <summary>
/// <c>madoguchi db migrate [--dry-run]</c>, <c>db backup FILE</c> and <c>db restore FILE</c> (ADR 0031).
/// Exit codes: 0 done; 1 a program or the database failed; 2 refused (a newer schema, a file that
/// exists, a missing or wrong key, a database that is not empty), with what to do on stderr.
/// </summary>
internal static class DbCommands
{
    public static Command Create() => new("db", "データベース / Database") { Migrate(), Backup(), Restore() };

    private static Command Migrate()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "適用する予定の変更を表示するだけで何も変えない / list pending migrations, change nothing" };
        var migrate = new Command("migrate", "データベースを最新の形にします（データは消えません） / Apply pending migrations") { dryRun };
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            var settings = CliConfiguration.Database();
            try
            {
                if (parse.GetValue(dryRun))
                {
                    var pending = await settings.PendingMigrationsAsync(cancellationToken);
                    Console.WriteLine(pending.Count == 0
                        ? $"データベースは最新です（{settings.Provider}）。適用する変更はありません。 / Up to date: no pending migrations."
                        : $"適用する予定の変更 {pending.Count} 件（まだ何も変えていません。適用は madoguchi db migrate）（{settings.Provider}）: / Pending migrations (nothing changed):");
                    foreach (var migration in pending)
                    {
                        Console.WriteLine($"  {migration}");
                    }

                    return 0;
                }

                var applied = await CommandLineAudit.MigrateAsync(settings, CommandLineAudit.Trail("madoguchi db migrate"), recordNone: true, cancellationToken);
                Console.WriteLine(applied.Count == 0
                    ? $"データベースは最新です（{settings.Provider}）。"
                    : $"{applied.Count} 件の変更を適用しました（{settings.Provider}）: {string.Join(", ", applied)}");
                return 0;
            }
            catch (NewerSchemaException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return migrate;
    }

    private static Command Backup()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "書き出すファイル（既存のファイルは上書きしません） / the new backup file" };
        var keyFile = KeyFileOption("暗号化する鍵のファイル（既定は Madoguchi__Backup__KeyFile。どちらもなければ暗号化しない） / the key file to encrypt with");
        var backup = new Command("backup", "データベースのバックアップを取ります（アプリを動かしたままでよい。監査ログに記録） / Back the database up while the app runs") { file, keyFile };
        backup.SetAction(async (parse, cancellationToken) =>
        {
            const string Terminal = "madoguchi db backup";
            var (database, settings, trail) = Prepare(parse.GetValue(keyFile), Terminal);
            var result = await new BackUpDatabase(database, settings, trail).RunAsync(parse.GetValue(file)!.FullName, cancellationToken);
            if (result.Problem is { } problem)
            {
                return Refuse(problem);
            }

            var done = result.Value!;
            Console.WriteLine($"バックアップを書きました: {done.File}（{done.Bytes:N0} バイト、{(done.Encrypted ? "暗号化あり" : "暗号化なし")}、所有者だけが読めます）。");
            Console.WriteLine($"Backup written: {done.File} ({done.Bytes:N0} bytes, {(done.Encrypted ? "encrypted" : "not encrypted")}, owner-only).");
            Console.WriteLine(done.AuditEntryId is { } id
                ? $"監査ログ #{id} に記録しました。 / Recorded as audit entry #{id}."
                : "監査ログには記録できませんでした（データベースがこの版より古い形です。madoguchi db migrate のあとは記録されます）。 / Not recorded: the database's schema is older than this build.");
            if (!done.Encrypted)
            {
                Console.WriteLine("個人情報を含むファイルです。暗号化するときは Madoguchi__Backup__KeyFile に鍵のファイルを設定してください。 / It holds personal data; set a key file to encrypt backups.");
            }

            return 0;
        });
        return backup;
    }

    private static Command Restore()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "madoguchi db backup で作ったファイル / a file made by madoguchi db backup" };
        var keyFile = KeyFileOption("暗号化したバックアップの鍵のファイル（既定は Madoguchi__Backup__KeyFile） / the key file of an encrypted backup");
        var restore = new Command("restore", "バックアップを空のデータベースに復元します（監査ログに記録） / Restore a backup into an empty database") { file, keyFile };
        restore.SetAction(async (parse, cancellationToken) =>
        {
            const string Terminal = "madoguchi db restore";
            var configuration = CliConfiguration.Load();
            var auditKeyFile = configuration["Madoguchi:Audit:KeyFile"] ?? Madoguchi.Audit.AuditKeys.DefaultFile;
            if (!File.Exists(auditKeyFile) && string.IsNullOrWhiteSpace(configuration["Madoguchi:Audit:Key"]))
            {
                // A key made now would seal the restore entry, but the restored chain's entries could not be verified with it.
                return Refuse(BackupProblems.Refused(
                    "audit-key-missing",
                    "監査の鍵のファイルがありません",
                    $"{Path.GetFullPath(auditKeyFile)} がありません。バックアップを取った庁内のプロセスと同じ監査の鍵のファイルを置くか、Madoguchi__Audit__KeyFile で指定してから、もう一度実行してください。",
                    "The audit key file is missing: put the office's audit key file in place first."));
            }

            var (database, settings, trail) = Prepare(parse.GetValue(keyFile), Terminal);
            var result = await new RestoreDatabase(database, settings, trail).RunAsync(parse.GetValue(file)!.FullName, cancellationToken);
            if (result.Problem is { } problem)
            {
                return Refuse(problem);
            }

            await using (var db = database.Open())
            {
                var keys = Madoguchi.Audit.AuditKeys.From(configuration, TimeProvider.System);
                var sealedWith = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                    db.AuditEntries.Where(e => e.KeyId != null).Select(e => e.KeyId!).Distinct(), cancellationToken);
                var unknown = sealedWith.Where(id => keys.Find(id) is null).ToList();
                if (unknown.Count > 0)
                {
                    Console.Error.WriteLine($"注意: 復元した監査ログには、この監査の鍵のファイルにない鍵（{string.Join(", ", unknown)}）で封をした記録があります。"
                        + "庁内のプロセスと同じ鍵のファイルを使わないと audit verify が通りません。 / Warning: some audit entries were sealed with keys this key file lacks.");
                }
            }

            var done = result.Value!;
            Console.WriteLine($"復元しました: {done.File}（{database.Provider}）。監査ログ #{done.AuditEntryId} に記録しました。");
            if (done.Applied.Count > 0)
            {
                Console.WriteLine($"この版の形にするため {done.Applied.Count} 件の変更を適用しました: {string.Join(", ", done.Applied)}");
            }

            Console.WriteLine("madoguchi audit verify で監査ログを確かめてから、アプリを起動してください。バックアップの後の予約や変更は含まれていません。");
            Console.WriteLine($"Restored {done.File} (audit entry #{done.AuditEntryId}). Run 'madoguchi audit verify', then start the app. Changes made after the backup are not in it.");
            return 0;
        });
        return restore;
    }

    private static Option<FileInfo?> KeyFileOption(string description) => new("--key-file") { Description = description };

    private static (DatabaseSettings Database, BackupSettings Settings, Madoguchi.Audit.AuditTrail Trail) Prepare(FileInfo? keyFile, string terminal)
    {
        var configuration = CliConfiguration.Load();
        var settings = BackupSettings.From(configuration);
        if (keyFile is not null)
        {
            settings = settings with { KeyFile = keyFile.FullName };
        }

        return (DatabaseSettings.From(configuration), settings, CommandLineAudit.Trail(terminal, configuration, TimeProvider.System));
    }

    private static int Refuse(Problem problem)
    {
        Console.Error.WriteLine($"{problem.Title}: {problem.Detail}");
        if (problem.English is { } english)
        {
            Console.Error.WriteLine(english);
        }

        return problem.Status >= 500 ? 1 : 2;
    }
}
