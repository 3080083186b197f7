using System.CommandLine;

using Madoguchi.Data;

namespace Madoguchi.Cli;

internal static class DbCommands
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "データベースを最新の形にします（データは消えません） / Apply pending migrations");
        migrate.SetAction(async (_, cancellationToken) =>
        {
            var settings = CliConfiguration.Database();
            var applied = await CommandLineAudit.MigrateAsync(settings, CommandLineAudit.Trail("madoguchi db migrate"), recordNone: true, cancellationToken);
            Console.WriteLine(applied.Count == 0
                ? $"データベースは最新です（{settings.Provider}）。"
                : $"{applied.Count} 件の変更を適用しました（{settings.Provider}）: {string.Join(", ", applied)}");
            return 0;
        });
        return new Command("db", "データベース / Database") { migrate };
    }
}
