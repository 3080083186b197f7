using System.Data.Common;

using Madoguchi.Booking;

using Npgsql;

using NpgsqlTypes;

namespace Madoguchi.Ledger;

/// <summary>
/// PostgreSQL: rows stream by binary COPY into a temporary table of this transaction, then two
/// set-based statements add the new numbers (first line wins within the file) and record the
/// conflicts. One round trip per statement, not per row.
/// </summary>
internal sealed class PostgresLedgerRowSink : ILedgerRowSink
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly long _importId;
    private readonly DateTimeOffset _now;
    private readonly List<RowProblem> _problems = [];
    private readonly CardSecret _cardSecret;
    private NpgsqlBinaryImporter? _copy;

    public PostgresLedgerRowSink(DbConnection connection, DbTransaction transaction, long importId, DateTimeOffset now, CardSecret cardSecret)
    {
        _cardSecret = cardSecret;
        _connection = (NpgsqlConnection)connection;
        _transaction = (NpgsqlTransaction)transaction;
        _importId = importId;
        _now = now;
    }

    public async ValueTask AddAsync(LedgerRow row, CancellationToken cancellationToken)
    {
        _copy ??= await StartAsync(cancellationToken);
        await _copy.StartRowAsync(cancellationToken);
        await _copy.WriteAsync(row.Line, NpgsqlDbType.Integer, cancellationToken);
        await _copy.WriteAsync(row.ManagementNumber, NpgsqlDbType.Text, cancellationToken);
        await _copy.WriteAsync(row.Name, NpgsqlDbType.Text, cancellationToken);
        await _copy.WriteAsync(row.BirthDate, NpgsqlDbType.Date, cancellationToken);
        await _copy.WriteAsync(_cardSecret.Digest(row.ManagementNumber, row.BirthDate), NpgsqlDbType.Text, cancellationToken);
        await _copy.WriteAsync((int)row.Sex, NpgsqlDbType.Integer, cancellationToken);
        await _copy.WriteAsync(row.Address, NpgsqlDbType.Text, cancellationToken);
        await _copy.WriteAsync((int)row.Kind, NpgsqlDbType.Integer, cancellationToken);
        await _copy.WriteAsync(row.ArrivedOn, NpgsqlDbType.Date, cancellationToken);
    }

    public ValueTask AddProblemsAsync(IReadOnlyList<RowProblem> problems, CancellationToken cancellationToken)
    {
        _problems.AddRange(problems);
        return ValueTask.CompletedTask;
    }

    public async Task<MergeResult> FinishAsync(CancellationToken cancellationToken)
    {
        _copy ??= await StartAsync(cancellationToken);
        await _copy.CompleteAsync(cancellationToken);
        await _copy.DisposeAsync();
        _copy = null;

        await using (var problems = await _connection.BeginBinaryImportAsync(
            "COPY ledger_import_problems (import_id, line, \"column\", kind, reason) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var p in _problems)
            {
                await problems.StartRowAsync(cancellationToken);
                await problems.WriteAsync(_importId, NpgsqlDbType.Bigint, cancellationToken);
                await problems.WriteAsync(p.Line, NpgsqlDbType.Integer, cancellationToken);
                await problems.WriteAsync(p.Column, NpgsqlDbType.Varchar, cancellationToken);
                await problems.WriteAsync((int)p.Kind, NpgsqlDbType.Integer, cancellationToken);
                await problems.WriteAsync(p.Reason, NpgsqlDbType.Varchar, cancellationToken);
            }

            await problems.CompleteAsync(cancellationToken);
        }

        // ORDER BY line with DO NOTHING: when a number appears twice in the file, its first line wins.
        var imported = await ExecuteAsync(
            """
            INSERT INTO ledger_entries (management_number, name, birth_date, birth_digest, sex, address, kind, arrived_on, status, status_changed_at, import_id, import_line)
            SELECT number, name, birth, digest, sex, address, kind, arrived, @status, @now, @import, line
            FROM import_rows ORDER BY line
            ON CONFLICT (management_number) DO NOTHING
            """,
            cancellationToken);

        var conflicts = await ExecuteAsync(
            """
            INSERT INTO ledger_import_problems (import_id, line, "column", kind, reason)
            SELECT @import, s.line,
                   concat_ws('・',
                       CASE WHEN l.name <> s.name THEN '氏名' END,
                       CASE WHEN l.birth_date <> s.birth THEN '生年月日' END,
                       CASE WHEN l.sex <> s.sex THEN '性別' END,
                       CASE WHEN l.address <> s.address THEN '住所' END),
                   @conflict,
                   CASE WHEN l.import_id = @import THEN @inFile ELSE @inLedger END
            FROM import_rows s
            JOIN ledger_entries l ON l.management_number = s.number
            WHERE NOT (l.import_id = @import AND l.import_line = s.line)
              AND (l.name <> s.name OR l.birth_date <> s.birth OR l.sex <> s.sex OR l.address <> s.address)
            """,
            cancellationToken);

        var shown = new List<RowProblem>();
        await using (var command = Command(
            "SELECT line, \"column\", reason FROM ledger_import_problems WHERE import_id = @import AND kind = @conflict ORDER BY line LIMIT 200"))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                shown.Add(new RowProblem(reader.GetInt32(0), reader.GetString(1), ProblemKind.Conflict, reader.GetString(2)));
            }
        }

        return new MergeResult(imported, conflicts, shown);
    }

    public async ValueTask DisposeAsync()
    {
        if (_copy is not null)
        {
            await _copy.DisposeAsync();
        }
    }

    private async Task<NpgsqlBinaryImporter> StartAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            """
            SET LOCAL work_mem = '64MB';
            CREATE TEMP TABLE import_rows (
                line integer NOT NULL, number text NOT NULL, name text NOT NULL, birth date NOT NULL, digest text NOT NULL,
                sex integer NOT NULL, address text NOT NULL, kind integer NOT NULL, arrived date NOT NULL
            ) ON COMMIT DROP
            """,
            cancellationToken);
        return await _connection.BeginBinaryImportAsync(
            "COPY import_rows (line, number, name, birth, digest, sex, address, kind, arrived) FROM STDIN (FORMAT BINARY)", cancellationToken);
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(string sql)
    {
        var command = new NpgsqlCommand(sql, _connection, _transaction);
        command.Parameters.AddWithValue("import", _importId);
        command.Parameters.AddWithValue("now", MadoguchiDb.PostgresInstant(_now));
        command.Parameters.AddWithValue("status", (int)CardStatus.Ready);
        command.Parameters.AddWithValue("conflict", (int)ProblemKind.Conflict);
        command.Parameters.AddWithValue("inFile", LedgerMessages.ConflictInFile);
        command.Parameters.AddWithValue("inLedger", LedgerMessages.ConflictInLedger);
        command.CommandTimeout = 0;
        return command;
    }
}
