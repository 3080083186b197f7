using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

using Madoguchi.Audit;
using Madoguchi.Ledger.Parsing;

using Microsoft.EntityFrameworkCore.Storage;

namespace Madoguchi.Ledger;

public sealed record LedgerImportOptions(string ImportedBy, bool DryRun = false, Encoding? Encoding = null);

public sealed record LedgerImportSummary(
    string File,
    int Rows,
    int Imported,
    int Unchanged,
    int Rejected,
    int Conflicts,
    IReadOnlyList<string> IgnoredColumns,
    string Encoding,
    bool DryRun,
    long? ImportId,
    IReadOnlyList<RowProblem> FirstProblems);

/// <summary>
/// Imports one file of national data into the ledger. The whole file is one transaction: its
/// valid rows and the report of the others are stored together, or (on any failure, or a dry
/// run) nothing is. A row already held with the same five items adds nothing; one held with
/// different items is a conflict, reported and never overwritten.
/// </summary>
public sealed class ImportLedgerFile(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    public const string Action = "ledger.import";
    public const string PreviewAction = "ledger.import.preview";

    private const int HeadLength = 64 * 1024;
    private const int ProblemsKeptForDisplay = 200;

    /// <summary>
    /// Imports the file, or with <see cref="LedgerImportOptions.DryRun"/> only counts what it would
    /// do. Either is recorded in the audit log (a refused file too); the import's entry is written
    /// in its transaction, a dry run's after its rollback.
    /// </summary>
    public async Task<LedgerImportSummary> RunAsync(Stream file, string fileName, LedgerImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        LedgerImportSummary summary;
        try
        {
            summary = await ImportAsync(file, fileName, options, cancellationToken);
        }
        catch (LedgerFileRejectedException)
        {
            await audit.RecordAsync(db, options.DryRun ? PreviewAction : Action, outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);
            throw;
        }

        if (options.DryRun)
        {
            await audit.RecordAsync(db, PreviewAction, cancellationToken: cancellationToken);
        }

        return summary;
    }

    /// <summary>A file that never reached the import (none chosen, an unknown encoding, a preview gone stale) is recorded as refused too.</summary>
    public Task RefuseAsync(bool dryRun, CancellationToken cancellationToken = default) =>
        audit.RecordAsync(db, dryRun ? PreviewAction : Action, outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);

    private async Task<LedgerImportSummary> ImportAsync(Stream file, string fileName, LedgerImportOptions options, CancellationToken cancellationToken)
    {
        var encoding = options.Encoding ?? await DetectAsync(file, cancellationToken);
        var encodingName = encoding.CodePage == 932 ? "Shift_JIS" : "UTF-8";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var hashing = new HashingStream(file, hash);
        using var text = new StreamReader(hashing, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        using var csv = new CsvRecordReader(text);
        if (!csv.Read())
        {
            throw new LedgerFileRejectedException("ファイルが空です。国から届いたファイルを選び直してください。");
        }

        var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv[i]).ToArray();
        var rows = LedgerRowReader.FromHeader(header, clock.Today());

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var batch = new LedgerImport
            {
                FileName = Path.GetFileName(fileName),
                FileSha256 = "",
                Encoding = encodingName,
                ImportedAt = now,
                ImportedBy = options.ImportedBy,
                IgnoredColumns = string.Join('\t', rows.IgnoredColumns),
            };
            db.LedgerImports.Add(batch);
            await db.SaveChangesAsync(cancellationToken);

            var connection = db.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();
            await using ILedgerRowSink sink = db.Provider == DatabaseProvider.Sqlite
                ? new SqliteLedgerRowSink(connection, dbTransaction, batch.Id, now, db.CardSecret)
                : new PostgresLedgerRowSink(connection, dbTransaction, batch.Id, now, db.CardSecret);

            var problems = new List<RowProblem>();
            var shown = new List<RowProblem>();
            var rowCount = 0;
            var rejectedRows = 0;
            Func<int, string> field = i => csv[i];
            while (csv.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                rowCount++;
                var line = checked((int)csv.LineNumber);
                if (csv.Error is { } malformed)
                {
                    problems.Add(new RowProblem(line, LedgerColumns.WholeRow, ProblemKind.Rejected, malformed));
                }
                else if (rows.Read(line, field, csv.FieldCount, problems) is { } row)
                {
                    await sink.AddAsync(row, cancellationToken);
                    continue;
                }

                rejectedRows++;
                if (problems.Count >= 4096)
                {
                    Keep(problems);
                    await sink.AddProblemsAsync(problems, cancellationToken);
                    problems.Clear();
                }
            }

            Keep(problems);
            await sink.AddProblemsAsync(problems, cancellationToken);
            var merged = await sink.FinishAsync(cancellationToken);
            foreach (var conflict in merged.ConflictsForDisplay)
            {
                if (shown.Count < ProblemsKeptForDisplay)
                {
                    shown.Add(conflict);
                }
            }

            batch.FileSha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            batch.Rows = rowCount;
            batch.Imported = merged.Imported;
            batch.Conflicts = merged.Conflicts;
            batch.Rejected = rejectedRows;
            batch.Unchanged = rowCount - rejectedRows - merged.Imported - merged.Conflicts;
            await db.SaveChangesAsync(cancellationToken);

            if (options.DryRun)
            {
                await transaction.RollbackAsync(cancellationToken);
            }
            else
            {
                await audit.RecordAsync(db, Action, [$"import:{batch.Id}"], cancellationToken: cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            return new LedgerImportSummary(
                batch.FileName,
                batch.Rows,
                batch.Imported,
                batch.Unchanged,
                batch.Rejected,
                batch.Conflicts,
                rows.IgnoredColumns,
                encodingName,
                options.DryRun,
                options.DryRun ? null : batch.Id,
                shown.OrderBy(p => p.Line).ToList());

            void Keep(List<RowProblem> some)
            {
                foreach (var p in some)
                {
                    if (shown.Count >= ProblemsKeptForDisplay)
                    {
                        break;
                    }

                    shown.Add(p);
                }
            }
        });
    }

    private static async Task<Encoding> DetectAsync(Stream file, CancellationToken cancellationToken)
    {
        if (!file.CanSeek)
        {
            throw new ArgumentException("The import needs a seekable stream to detect the encoding.", nameof(file));
        }

        var head = new byte[HeadLength];
        var read = 0;
        while (read < head.Length)
        {
            var n = await file.ReadAsync(head.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        file.Seek(0, SeekOrigin.Begin);
        return LedgerFileEncoding.Detect(head.AsSpan(0, read));
    }
}
