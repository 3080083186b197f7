using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Ledger.Parsing;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Cli;

public static class AuditCommands
{
    public static Command Create() =>
        new("audit", "監査ログ / Audit log") { Verify(), Checkpoint(), Key() };

    /// <summary>Exit codes: 0 the log is intact; 1 it is not (the first bad entry is named); 2 the checkpoint file was refused.</summary>
    private static Command Verify()
    {
        var json = new Option<bool>("--json") { Description = "結果を JSON 1行で出力 / print one JSON summary" };
        var checkpoints = new Option<FileInfo?>("--checkpoints")
        {
            Description = "外部に保管したチェックポイントのファイル（audit checkpoint --export の形）/ the reviewers' checkpoint file",
        };
        var keyFile = KeyFileOption();
        var verify = new Command("verify", "監査ログのハッシュの連鎖を監査の鍵で、チェックポイントと合わせて確かめます / Verify the audit log's keyed hash chain and checkpoints") { json, checkpoints, keyFile };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            IReadOnlyList<CheckpointLine>? outside = null;
            if (parse.GetValue(checkpoints) is { } file)
            {
                if (!file.Exists)
                {
                    return Refuse($"チェックポイントのファイルが見つかりません: {file.FullName}。パスを確かめてください。", asJson);
                }

                var errors = new List<string>();
                using (var reader = new StreamReader(file.FullName, Encoding.UTF8))
                {
                    outside = await CheckpointFile.ReadAsync(reader, errors, cancellationToken);
                }

                if (errors.Count > 0)
                {
                    return Refuse(string.Join(Environment.NewLine, errors), asJson);
                }
            }

            AuditKeys keys;
            try
            {
                keys = ReadKeys(parse.GetValue(keyFile));
            }
            catch (InvalidOperationException e)
            {
                return Refuse(e.Message, asJson);
            }

            var settings = CliConfiguration.Database();
            await settings.MigrateAsync(cancellationToken);
            await using var db = settings.Open();
            var result = await new VerifyAuditLog(db, keys).RunAsync(outside, cancellationToken);
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        ok = result.Ok,
                        entries = result.Entries,
                        checkpoints = result.Checkpoints,
                        firstBadEntry = result.FirstBadEntry,
                        reason = result.Reason,
                    },
                    LedgerCommands.Json));
            }
            else if (result.Ok)
            {
                Console.WriteLine(result.Reason);
            }
            else
            {
                Console.WriteLine($"監査ログが改ざんされています。最初の問題: 第{result.FirstBadEntry}番 / The audit log was tampered with; first bad entry: {result.FirstBadEntry}");
                Console.WriteLine($"  {result.Reason}");
                Console.WriteLine($"  （記録 {result.Entries:N0} 件、チェックポイント {result.Checkpoints:N0} 件）");
            }

            return result.Ok ? 0 : 1;
        });
        return verify;
    }

    /// <summary>Exit codes: 0 written, already written or no entries that day; 2 the day was refused.</summary>
    /// <summary><c>audit key add</c>: a fresh key at the end of the key file, sealing new entries from the next start on (rotation, ADR 0026).</summary>
    private static Command Key()
    {
        var keyFile = KeyFileOption();
        var add = new Command("add", "監査の鍵を新しく作り、鍵のファイルの最後に加えます（古い鍵は残します） / Add a new audit key (rotation)") { keyFile };
        add.SetAction(parse =>
        {
            var path = parse.GetValue(keyFile)?.FullName ?? CliConfiguration.Load()["Madoguchi:Audit:KeyFile"] ?? AuditKeys.DefaultFile;
            var id = AuditKeys.AddTo(path, TimeProvider.System);
            Console.WriteLine($"監査の鍵「{id}」を {Path.GetFullPath(path)} に加えました。庁内のプロセスを再起動すると、新しい記録はこの鍵で守られます。このファイルを庁外にも保管してください。");
            Console.WriteLine($"Added audit key '{id}' to {Path.GetFullPath(path)}; restart the office processes to seal with it. Back the file up.");
            return 0;
        });
        return new Command("key", "監査の鍵 / Audit keys") { add };
    }

    private static Option<FileInfo?> KeyFileOption() =>
        new("--key-file") { Description = "監査の鍵のファイル（既定は Madoguchi__Audit__KeyFile、なければ data/audit-keys） / the audit key file" };

    /// <summary>The keys to verify with: the file given, else the office's settings. Verifying never makes a key.</summary>
    private static AuditKeys ReadKeys(FileInfo? file)
    {
        var configuration = CliConfiguration.Load();
        var path = file?.FullName ?? configuration["Madoguchi:Audit:KeyFile"] ?? AuditKeys.DefaultFile;
        if (!File.Exists(path) && string.IsNullOrWhiteSpace(configuration["Madoguchi:Audit:Key"]))
        {
            throw new InvalidOperationException($"監査の鍵のファイルが見つかりません: {Path.GetFullPath(path)}。--key-file で庁内のプロセスと同じ鍵のファイルを指定してください。");
        }

        var settings = new ConfigurationBuilder().AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Madoguchi:Audit:KeyFile"] = path })
            .Build();
        return AuditKeys.From(settings, TimeProvider.System);
    }

    private static Command Checkpoint()
    {
        var day = new Option<string?>("--day") { Description = "日付 YYYY-MM-DD（日本時間。省略すると昨日）/ the day, yesterday by default" };
        var export = new Option<FileInfo?>("--export") { Description = "すべてのチェックポイントをこのファイルに書き出す / write every checkpoint to this file" };
        var checkpoint = new Command("checkpoint", "その日の最後の監査ログのハッシュをチェックポイントに書きます / Write a day's audit checkpoint") { day, export };
        checkpoint.SetAction(async (parse, cancellationToken) =>
        {
            var clock = TimeProvider.System;
            var which = clock.Today().AddDays(-1);
            if (parse.GetValue(day) is { } text)
            {
                if (!JapaneseDate.TryParse(text, out which, out _))
                {
                    return Refuse($"--day は YYYY-MM-DD の形で指定してください（指定値: {text}）。例: --day 2027-03-01", asJson: false);
                }
            }

            var settings = CliConfiguration.Database();
            await settings.MigrateAsync(cancellationToken);
            await using var db = settings.Open();
            var result = await new WriteAuditCheckpoint(db, clock).RunAsync(which, cancellationToken);
            var date = which.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            switch (result.Outcome)
            {
                case CheckpointOutcome.DayNotOver:
                    return Refuse($"{date} はまだ終わっていないため、チェックポイントを書けません。昨日以前の日付を指定してください。", asJson: false);
                case CheckpointOutcome.NoEntries:
                    Console.WriteLine($"{date} の監査ログはありません。チェックポイントは書きませんでした。 / No audit entries on {date}.");
                    break;
                case CheckpointOutcome.AlreadyWritten:
                    Console.WriteLine($"{date} のチェックポイントは書き込み済みです: 第{result.Checkpoint!.LastEntryId}番 {result.Checkpoint.LastHash} / Already written.");
                    break;
                default:
                    Console.WriteLine($"{date} のチェックポイントを書きました: 第{result.Checkpoint!.LastEntryId}番 {result.Checkpoint.LastHash} / Written.");
                    break;
            }

            if (parse.GetValue(export) is { } file)
            {
                int lines;
                await using (var writer = new StreamWriter(file.FullName, append: false, new UTF8Encoding(false)))
                {
                    lines = await new ExportCheckpoints(db).RunAsync(writer, cancellationToken);
                }

                Console.WriteLine($"チェックポイント {lines:N0} 件を {file.FullName} に書き出しました。データベースの外（別の機器や紙）に保管してください。");
            }

            return 0;
        });
        return checkpoint;
    }

    private static int Refuse(string message, bool asJson)
    {
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { ok = false, error = message }, LedgerCommands.Json));
        }
        else
        {
            Console.Error.WriteLine(message);
        }

        return 2;
    }
}
