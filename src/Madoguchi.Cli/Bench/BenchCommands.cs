using System.CommandLine;
using System.Text.Json;

using Madoguchi.Cli.Bench;
using Madoguchi.Data;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Cli;

internal static class BenchCommands
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "行数 / number of rows", DefaultValueFactory = _ => 100_000 };
        var provider = new Option<string>("--provider") { Description = "sqlite | postgres", DefaultValueFactory = _ => "sqlite" };
        var runs = new Option<int>("--runs") { Description = "回数（中央値を出力） / runs; medians are printed", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "JSON で出力 / print JSON" };
        var import = new Command("import", "取込の速さを測ります / Measure the ledger import") { rows, provider, runs, json };
        import.SetAction(async (parse, cancellationToken) =>
        {
            var kind = parse.GetValue(provider)?.ToLowerInvariant() switch
            {
                "sqlite" => DatabaseProvider.Sqlite,
                "postgres" or "postgresql" => DatabaseProvider.Postgres,
                _ => (DatabaseProvider?)null,
            };
            if (kind is null || parse.GetValue(rows) <= 0 || parse.GetValue(runs) <= 0)
            {
                Console.Error.WriteLine("--provider は sqlite か postgres、--rows と --runs は 1 以上を指定してください。");
                return 2;
            }

            var connection = CliConfiguration.Load().GetConnectionString("Madoguchi");
            if (kind == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connection))
            {
                Console.Error.WriteLine("PostgreSQL で測るには ConnectionStrings__Madoguchi に接続文字列を設定してください（ベンチ用のデータベースを作って消します）。");
                return 2;
            }

            var result = await new ImportBenchmark(kind.Value, connection).RunAsync(parse.GetValue(rows), parse.GetValue(runs), cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        rows = result.Rows,
                        seconds = result.Seconds,
                        rowsPerSecond = result.RowsPerSecond,
                        peakMemoryMb = result.PeakMemoryMb,
                        rawRowsPerSecond = result.RawRowsPerSecond,
                        ratio = result.Ratio,
                        provider = result.Provider,
                        runs = result.Runs,
                        rawSeconds = result.RawSeconds,
                        fileBytes = result.FileBytes,
                    },
                    LedgerCommands.Json));
            }
            else
            {
                Console.WriteLine($"{result.Provider}: {result.Rows:N0} 行 {result.Seconds:F2} 秒（{result.RowsPerSecond:N0} 行/秒）、素の一括書込 {result.RawSeconds:F2} 秒、比 {result.Ratio:F2}、最大メモリ {result.PeakMemoryMb:F0} MB");
            }

            return 0;
        });
        return new Command("bench", "性能測定 / Benchmarks") { import };
    }
}
