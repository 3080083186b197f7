using System.CommandLine;
using System.Text.Json;

using Madoguchi.Cli.Bench;
using Madoguchi.Data;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Cli;

internal static class BenchCommands
{
    private static Option<string> ProviderOption() => new("--provider") { Description = "sqlite | postgres", DefaultValueFactory = _ => "sqlite" };

    private static (DatabaseProvider? Provider, string? Connection, string? Error) Database(string? provider)
    {
        var kind = provider?.ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            _ => (DatabaseProvider?)null,
        };
        var connection = CliConfiguration.Load().GetConnectionString("Madoguchi");
        if (kind is null)
        {
            return (null, null, "--provider は sqlite か postgres を指定してください。");
        }

        return kind == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connection)
            ? (null, null, "PostgreSQL で測るには ConnectionStrings__Madoguchi に接続文字列を設定してください（ベンチ用のデータベースを作って消します）。")
            : (kind, connection, null);
    }

    private static Command Booking()
    {
        var provider = ProviderOption();
        var clients = new Option<int>("--clients") { Description = "同時に予約する利用者の数", DefaultValueFactory = _ => 200 };
        var seats = new Option<int>("--seats") { Description = "席の数（20枠に分けます）", DefaultValueFactory = _ => 1000 };
        var attempts = new Option<int>("--attempts") { Description = "予約の試行回数（1回ごとに別のカード）", DefaultValueFactory = _ => 5000 };
        var sustained = new Option<bool>("--sustained") { Description = "一定時間の連続予約（過去の予約と交付管理簿を積んだ上で） / sustained load on a season's data" };
        var seconds = new Option<double>("--seconds") { Description = "連続予約の時間（秒） / seconds of sustained load", DefaultValueFactory = _ => 30 };
        var ledger = new Option<int>("--ledger") { Description = "交付管理簿の件数 / ledger cards", DefaultValueFactory = _ => 1_000_000 };
        var history = new Option<int>("--history") { Description = "過去の予約の件数 / bookings of past days", DefaultValueFactory = _ => 1_000_000 };
        var json = new Option<bool>("--json") { Description = "JSON で出力 / print JSON" };
        var command = new Command("booking", "予約の同時集中を測ります / Measure bookings under a burst") { provider, clients, seats, attempts, sustained, seconds, ledger, history, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (kind, connection, error) = Database(parse.GetValue(provider));
            if (error is not null || parse.GetValue(clients) <= 0 || parse.GetValue(seats) <= 0 || parse.GetValue(attempts) <= 0)
            {
                Console.Error.WriteLine(error ?? "--clients、--seats、--attempts は 1 以上を指定してください。");
                return 2;
            }

            if (parse.GetValue(sustained))
            {
                if (parse.GetValue(seconds) <= 0 || parse.GetValue(ledger) < 0 || parse.GetValue(history) < 0)
                {
                    Console.Error.WriteLine("--seconds は 0 より大きく、--ledger と --history は 0 以上を指定してください。");
                    return 2;
                }

                var run = await new SustainedBookingBenchmark(kind!.Value, connection)
                    .RunAsync(parse.GetValue(clients), parse.GetValue(seconds), parse.GetValue(ledger), parse.GetValue(history), cancellationToken);
                Console.WriteLine(JsonSerializer.Serialize(run, LedgerCommands.Json));
                return run.Empty.Overbooked + run.Empty.DuplicateCards + run.Season.Overbooked + run.Season.DuplicateCards + run.Empty.Errors + run.Season.Errors == 0 ? 0 : 1;
            }

            var result = await new BookingBenchmark(kind!.Value, connection).RunAsync(parse.GetValue(clients), parse.GetValue(seats), parse.GetValue(attempts), cancellationToken);
            Console.WriteLine(JsonSerializer.Serialize(result, LedgerCommands.Json));
            return result.Overbooked + result.DuplicateCards + result.InconsistentSlots + result.Errors == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Availability()
    {
        var provider = ProviderOption();
        var clients = new Option<int>("--clients") { Description = "同時に読む利用者の数", DefaultValueFactory = _ => 50 };
        var requests = new Option<int>("--requests") { Description = "読み取りの回数", DefaultValueFactory = _ => 20000 };
        var json = new Option<bool>("--json") { Description = "JSON で出力 / print JSON" };
        var command = new Command("availability", "空き状況の読み取りを測ります / Measure reading a month of slots") { provider, clients, requests, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (kind, connection, error) = Database(parse.GetValue(provider));
            if (error is not null || parse.GetValue(clients) <= 0 || parse.GetValue(requests) <= 0)
            {
                Console.Error.WriteLine(error ?? "--clients と --requests は 1 以上を指定してください。");
                return 2;
            }

            var result = await new AvailabilityBenchmark(kind!.Value, connection).RunAsync(parse.GetValue(clients), parse.GetValue(requests), cancellationToken);
            Console.WriteLine(JsonSerializer.Serialize(result, LedgerCommands.Json));
            return result.Errors == 0 ? 0 : 1;
        });
        return command;
    }

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
        return new Command("bench", "性能測定 / Benchmarks") { import, Booking(), Availability() };
    }
}
