using System.Diagnostics;
using System.Globalization;

using Madoguchi.Booking;
using Madoguchi.Data;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;

using Microsoft.Data.Sqlite;

using Npgsql;

using NpgsqlTypes;

namespace Madoguchi.Cli.Bench;

public sealed record ImportBenchmarkResult(
    int Rows,
    string Provider,
    int Runs,
    double Seconds,
    double RowsPerSecond,
    double PeakMemoryMb,
    double RawSeconds,
    double RawRowsPerSecond,
    double Ratio,
    long FileBytes);

/// <summary>
/// Times the real import of a synthetic Shift_JIS file against the fastest plain bulk write of the
/// same rows into a table of the same shape (same columns, key and unique index) on the same
/// database: SQLite prepared inserts in one transaction, PostgreSQL binary COPY. Each run uses a
/// fresh database; with several runs the medians are reported.
/// </summary>
public sealed class ImportBenchmark(DatabaseProvider provider, string? postgresConnection)
{
    private const int Seed = 4242;

    public async Task<ImportBenchmarkResult> RunAsync(int rows, int runs, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-bench-");
        try
        {
            var today = TimeProvider.System.Today();
            var file = Path.Combine(folder.FullName, "ledger-sjis.csv");
            await using (var stream = File.Create(file))
            await using (var writer = new StreamWriter(stream, LedgerFileEncoding.ShiftJis, 1 << 16))
            {
                SyntheticLedger.WriteCsv(writer, rows, Seed, today);
            }

            var ours = new List<double>();
            var raw = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                ours.Add(await TimeImportAsync(folder.FullName, file, run, cancellationToken));
                raw.Add(await TimeRawAsync(folder.FullName, rows, today, run, cancellationToken));
            }

            var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
            var seconds = Median(ours);
            var rawSeconds = Median(raw);
            return new ImportBenchmarkResult(
                rows,
                provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
                runs,
                Math.Round(seconds, 3),
                Math.Round(rows / seconds),
                Math.Round(peak, 1),
                Math.Round(rawSeconds, 3),
                Math.Round(rows / rawSeconds),
                Math.Round(rawSeconds / seconds, 3),
                new FileInfo(file).Length);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<double> TimeImportAsync(string folder, string file, int run, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(provider, postgresConnection, folder, $"ours{run}", cancellationToken);
        var settings = database.Settings;
        await settings.MigrateAsync(cancellationToken);
        await using var db = settings.Open();
        GC.Collect();
        var watch = Stopwatch.StartNew();
        await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            var summary = await new ImportLedgerFile(db, TimeProvider.System, CommandLineAudit.Scratch)
                .RunAsync(stream, Path.GetFileName(file), new LedgerImportOptions("bench"), cancellationToken);
            if (summary.Imported != summary.Rows)
            {
                throw new InvalidOperationException($"The benchmark file should import whole, but {summary.Rejected} rows were rejected and {summary.Conflicts} conflicted.");
            }
        }

        return watch.Elapsed.TotalSeconds;
    }

    private async Task<double> TimeRawAsync(string folder, int rows, DateOnly today, int run, CancellationToken cancellationToken)
    {
        await using var database = await BenchDatabase.CreateAsync(provider, postgresConnection, folder, $"raw{run}", cancellationToken);
        var settings = database.Settings;
        await settings.MigrateAsync(cancellationToken);
        var cards = SyntheticLedger.Cards(rows, Seed, today);
        var now = DateTimeOffset.UtcNow;
        GC.Collect();
        var watch = Stopwatch.StartNew();
        if (provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText =
                "INSERT INTO ledger_entries (management_number, name, birth_date, birth_digest, sex, address, kind, arrived_on, status, status_changed_at, import_id, import_line) " +
                "VALUES ($n, $name, $b, $d, $s, $a, $k, $arr, 1, $now, 1, $line)";
            var p = new[] { "$n", "$name", "$b", "$s", "$a", "$k", "$arr", "$now", "$line", "$d" }.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
            insert.Prepare();
            await SeedImportRowAsync(connection, transaction);
            var line = 1;
            foreach (var c in cards)
            {
                p[0].Value = c.ManagementNumber;
                p[1].Value = c.Name;
                p[2].Value = c.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                p[3].Value = c.Sex == "男" ? 1 : 2;
                p[4].Value = c.Address;
                p[5].Value = 1;
                p[6].Value = c.Arrived.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                p[7].Value = now.UtcTicks;
                p[8].Value = ++line;
                p[9].Value = CardSecret.Development.Digest(c.ManagementNumber, c.BirthDate);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        else
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await SeedImportRowAsync(connection, transaction);
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY ledger_entries (management_number, name, birth_date, birth_digest, sex, address, kind, arrived_on, status, status_changed_at, import_id, import_line) FROM STDIN (FORMAT BINARY)",
                cancellationToken))
            {
                var line = 1;
                foreach (var c in cards)
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(c.ManagementNumber, NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(c.Name, NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(c.BirthDate, NpgsqlDbType.Date, cancellationToken);
                    await copy.WriteAsync(CardSecret.Development.Digest(c.ManagementNumber, c.BirthDate), NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(c.Sex == "男" ? 1 : 2, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(c.Address, NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(c.Arrived, NpgsqlDbType.Date, cancellationToken);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(MadoguchiDb.PostgresInstant(now), NpgsqlDbType.TimestampTz, cancellationToken);
                    await copy.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(++line, NpgsqlDbType.Integer, cancellationToken);
                }

                await copy.CompleteAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The raw rows need an import to point at, as the ledger's foreign key requires.</summary>
    private static async Task SeedImportRowAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT INTO ledger_imports (id, file_name, file_sha256, encoding, imported_at, imported_by, rows, imported, unchanged, rejected, conflicts, ignored_columns) " +
            $"VALUES (1, 'raw', '', 'raw', {(connection is SqliteConnection ? "0" : "now()")}, 'bench', 0, 0, 0, 0, 0, '')";
        await command.ExecuteNonQueryAsync();
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
