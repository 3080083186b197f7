using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

using Madoguchi.Data;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Cli;

internal static class LedgerCommands
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>Exit codes: 0 every row taken or already held; 1 some rows rejected or in conflict; 2 the file was refused; 3 the database could not store it (full, read-only, unreachable).</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "国から届いた CSV ファイル / the national data file" };
        var dryRun = new Option<bool>("--dry-run") { Description = "確認だけして何も保存しない / check only, store nothing" };
        var json = new Option<bool>("--json") { Description = "結果を JSON 1行で出力 / print one JSON summary" };
        var encoding = new Option<string?>("--encoding") { Description = "文字コードを指定（utf-8 | shift_jis） / override the detected encoding" };
        var import = new Command("import", "交付管理簿に国データを取り込みます / Import national data into the ledger") { file, dryRun, json, encoding };
        import.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var asJson = parse.GetValue(json);
            Encoding? chosen = null;
            if (parse.GetValue(encoding) is { } name && !LedgerFileEncoding.TryGetByName(name, out chosen))
            {
                return Refuse(path.Name, $"--encoding には utf-8 か shift_jis を指定してください（指定値: {name}）。", asJson);
            }

            if (!path.Exists)
            {
                return Refuse(path.Name, $"ファイルが見つかりません: {path.FullName}。パスを確かめてください。", asJson);
            }

            LedgerImportSummary summary;
            try
            {
                var settings = CliConfiguration.Database();
                var trail = CommandLineAudit.Trail("madoguchi ledger import");
                await CommandLineAudit.MigrateAsync(settings, trail, cancellationToken: cancellationToken);
                await using var db = settings.Open();
                await using var stream = path.OpenRead();
                summary = await new ImportLedgerFile(db, TimeProvider.System, trail)
                    .RunAsync(stream, path.Name, new LedgerImportOptions($"コマンド（{Environment.UserName}）", parse.GetValue(dryRun), chosen), cancellationToken);
            }
            catch (LedgerFileRejectedException rejected)
            {
                return Refuse(path.Name, rejected.Message, asJson);
            }
            catch (Exception e) when (DatabaseTrouble.Of(e) is { } trouble)
            {
                // The whole file is one transaction: nothing of it was stored.
                Refuse(path.Name, DatabaseTrouble.ForStaff(trouble), asJson);
                return 3;
            }

            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        file = summary.File,
                        rows = summary.Rows,
                        imported = summary.Imported,
                        unchanged = summary.Unchanged,
                        rejected = summary.Rejected,
                        conflicts = summary.Conflicts,
                        ignoredColumns = summary.IgnoredColumns,
                        dryRun = summary.DryRun,
                        importId = summary.ImportId,
                        encoding = summary.Encoding,
                    },
                    Json));
            }
            else
            {
                PrintReport(summary);
            }

            return summary.Rejected + summary.Conflicts > 0 ? 1 : 0;
        });
        var rekey = new Command("rekey", "照合用ダイジェストを現在のカードの鍵で作り直します（鍵の交換・更新のあと） / Re-key the card digests under the current card key");
        rekey.SetAction(async (parse, cancellationToken) =>
        {
            var settings = CliConfiguration.Database();
            var trail = CommandLineAudit.Trail("madoguchi ledger rekey");
            await CommandLineAudit.MigrateAsync(settings, trail, cancellationToken: cancellationToken);
            await using var db = settings.Open();
            var rekeyed = await new RekeyCards(db, trail).RunAsync(cancellationToken);
            await new Madoguchi.Booking.CardCheckRules(db, Madoguchi.Booking.BookingSettings.From(CliConfiguration.Load())).WriteAsync(cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"{rekeyed:N0} 件のダイジェストを鍵 {db.CardSecret.Id} で作り直しました。 / Re-keyed {rekeyed:N0} digests under key {db.CardSecret.Id}.");
            return 0;
        });
        return new Command("ledger", "交付管理簿 / Issuance ledger") { import, rekey };
    }

    private static void PrintReport(LedgerImportSummary s)
    {
        Console.WriteLine(s.DryRun ? $"確認のみ（保存していません）: {s.File}（{s.Encoding}）" : $"取込 #{s.ImportId}: {s.File}（{s.Encoding}）");
        Console.WriteLine($"  データ行数       {s.Rows,10:N0}");
        Console.WriteLine($"  追加             {s.Imported,10:N0}");
        Console.WriteLine($"  登録済み・変更なし {s.Unchanged,8:N0}");
        Console.WriteLine($"  不備（取り込まず） {s.Rejected,8:N0}");
        Console.WriteLine($"  矛盾（上書きせず） {s.Conflicts,8:N0}");
        if (s.IgnoredColumns.Count > 0)
        {
            Console.WriteLine($"  読み飛ばした列（保存していません）: {string.Join("、", s.IgnoredColumns)}");
        }

        foreach (var p in s.FirstProblems)
        {
            Console.WriteLine($"  {p.Line} 行目 [{p.Column}] {p.Reason}");
        }

        if (s.Rejected + s.Conflicts > s.FirstProblems.Count)
        {
            Console.WriteLine("  （ほかの行は庁内画面の「取込の履歴」から CSV でダウンロードできます）");
        }
    }

    private static int Refuse(string file, string message, bool asJson)
    {
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { file, error = message }, Json));
        }
        else
        {
            Console.Error.WriteLine(message);
        }

        return 2;
    }
}
