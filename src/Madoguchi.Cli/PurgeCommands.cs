using System.CommandLine;
using System.Text.Json;

using Madoguchi.Booking;
using Madoguchi.Data;
using Madoguchi.Retention;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Cli;

/// <summary>`madoguchi purge [--dry-run] [--json]`: what the daily job does, now.</summary>
public static class PurgeCommands
{
    public const string Terminal = "madoguchi purge";

    public static Command Create() => Create(CliConfiguration.Load, TimeProvider.System);

    /// <summary>Exit codes: 0 done (or counted, with --dry-run); 2 a setting was refused.</summary>
    public static Command Create(Func<IConfiguration> configuration, TimeProvider clock)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "数えるだけで何も消さない / count only, delete nothing" };
        var json = new Option<bool>("--json") { Description = "結果を JSON 1行で出力 / print one JSON summary" };
        var purge = new Command("purge", "保存期間を過ぎたデータを今すぐ消します（監査ログに件数を記録） / Delete what is past its keeping time now (counted in the audit log)")
        {
            dryRun,
            json,
        };
        purge.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var settings = configuration();
            DatabaseSettings database;
            RetentionSettings retention;
            BookingSettings booking;
            Madoguchi.Audit.AuditKeys keys;
            try
            {
                database = DatabaseSettings.From(settings);
                retention = RetentionSettings.From(settings);
                booking = BookingSettings.From(settings);
                keys = Madoguchi.Audit.AuditKeys.From(settings, clock);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 2;
            }

            var trail = new Madoguchi.Audit.AuditTrail(clock, keys, () => Madoguchi.Audit.AuditActor.AtCommandLine(Terminal));
            await CommandLineAudit.MigrateAsync(database, trail, cancellationToken: cancellationToken);
            await using var db = database.Open();
            var result = await new PurgeOldData(db, clock, retention, booking, trail, Madoguchi.Notices.MailSettings.Read(settings).MailFolder)
                .RunAsync(parse.GetValue(dryRun), cancellationToken);
            if (parse.GetValue(json))
            {
                var c = result.Counts;
                await output.WriteLineAsync(JsonSerializer.Serialize(
                    new
                    {
                        dryRun = result.DryRun,
                        bookings = c.Bookings,
                        holds = c.Holds,
                        cardAttempts = c.CardAttempts,
                        clientCounts = c.ClientCounts,
                        idempotentAnswers = c.IdempotentAnswers,
                        destroyedCards = c.DestroyedCards,
                        outboxMails = c.OutboxMails,
                        contactKeptFrom = result.ContactKeptFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        auditEntryId = result.AuditEntryId,
                    },
                    LedgerCommands.Json));
            }
            else
            {
                await PrintAsync(output, result, retention);
            }

            return 0;
        });
        return purge;
    }

    private static async Task PrintAsync(TextWriter output, PurgeResult result, RetentionSettings retention)
    {
        var c = result.Counts;
        await output.WriteLineAsync(result.DryRun
            ? "確認のみ（何も消していません） / Dry run: nothing was deleted"
            : $"消去しました（監査ログ #{result.AuditEntryId}） / Purged (audit entry #{result.AuditEntryId})");
        await output.WriteLineAsync($"  予約の電話番号・メール（{result.ContactKeptFrom.AddDays(-1):yyyy年M月d日}までの予約）: {c.Bookings:N0} 件");
        await output.WriteLineAsync($"  市民へのメールの宛先・本文（{result.ContactKeptFrom.AddDays(-1):yyyy年M月d日}までに書いたもの）: {c.OutboxMails:N0} 件");
        await output.WriteLineAsync($"  期限切れの仮押さえ: {c.Holds:N0} 件");
        await output.WriteLineAsync($"  生年月日の誤りの記録: {c.CardAttempts:N0} 件");
        await output.WriteLineAsync($"  アドレスごとの要求数: {c.ClientCounts:N0} 件");
        await output.WriteLineAsync($"  再送のための応答: {c.IdempotentAnswers:N0} 件");
        await output.WriteLineAsync(result.DestroyedBefore is null
            ? "  廃棄したカードの氏名・住所: 市の設定によりすべて残します（DestroyedKeep=all）"
            : $"  廃棄から{retention.DestroyedKeepDays}日を過ぎたカードの氏名・住所: {c.DestroyedCards:N0} 件");
    }
}
