using System.Data.Common;
using System.Globalization;

using Madoguchi.Booking;

using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Ledger;

/// <summary>
/// SQLite: each row goes straight into the ledger by one prepared insert that yields to an
/// existing number; only then is the held entry read and compared. SQLite runs in the process,
/// so a statement per row costs no round trip.
/// </summary>
internal sealed class SqliteLedgerRowSink : ILedgerRowSink
{
    private readonly DbCommand _insert;
    private readonly DbCommand _held;
    private readonly DbCommand _problem;
    private readonly DbParameter[] _row;
    private readonly DbParameter _heldNumber;
    private readonly DbParameter[] _problemValues;
    private readonly long _importId;
    private readonly CardSecret _cardSecret;
    private readonly List<RowProblem> _conflicts = [];
    private int _imported;
    private int _conflictCount;

    public SqliteLedgerRowSink(DbConnection connection, DbTransaction transaction, long importId, DateTimeOffset now, CardSecret cardSecret)
    {
        _cardSecret = cardSecret;
        _importId = importId;
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText =
            "INSERT INTO ledger_entries (management_number, name, birth_date, birth_digest, sex, address, kind, arrived_on, status, status_changed_at, import_id, import_line) " +
            "VALUES (@number, @name, @birth, @digest, @sex, @address, @kind, @arrived, @status, @now, @import, @line) ON CONFLICT (management_number) DO NOTHING";
        _row =
        [
            _insert.Parameter("@number"), _insert.Parameter("@name"), _insert.Parameter("@birth"), _insert.Parameter("@sex"),
            _insert.Parameter("@address"), _insert.Parameter("@kind"), _insert.Parameter("@arrived"), _insert.Parameter("@line"),
            _insert.Parameter("@digest"),
        ];
        _insert.Parameter("@status").Value = (int)CardStatus.Ready;
        _insert.Parameter("@now").Value = now.UtcTicks;
        _insert.Parameter("@import").Value = importId;
        _insert.Prepare();

        _held = connection.CreateCommand();
        _held.Transaction = transaction;
        _held.CommandText = "SELECT name, birth_date, sex, address, import_id FROM ledger_entries WHERE management_number = @number";
        _heldNumber = _held.Parameter("@number");
        _held.Prepare();

        _problem = connection.CreateCommand();
        _problem.Transaction = transaction;
        _problem.CommandText = LedgerSql.InsertProblem;
        _problemValues = [_problem.Parameter("@line"), _problem.Parameter("@column"), _problem.Parameter("@kind"), _problem.Parameter("@reason")];
        _problem.Parameter("@import").Value = importId;
        _problem.Prepare();
    }

    public ValueTask AddAsync(LedgerRow row, CancellationToken cancellationToken)
    {
        _row[0].Value = row.ManagementNumber;
        _row[1].Value = row.Name;
        _row[2].Value = Text(row.BirthDate);
        _row[3].Value = (int)row.Sex;
        _row[4].Value = row.Address;
        _row[5].Value = (int)row.Kind;
        _row[6].Value = Text(row.ArrivedOn);
        _row[7].Value = row.Line;
        _row[8].Value = _cardSecret.Digest(row.ManagementNumber, row.BirthDate);
        if (_insert.ExecuteNonQuery() == 1)
        {
            _imported++;
            return ValueTask.CompletedTask;
        }

        _heldNumber.Value = row.ManagementNumber;
        using var reader = _held.ExecuteReader();
        reader.Read();
        var name = reader.GetString(0);
        var birth = DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sex = (Sex)reader.GetInt32(2);
        var address = reader.GetString(3);
        var sameFile = reader.GetInt64(4) == _importId;
        reader.Close();
        if (!row.SamePersonalData(name, birth, sex, address))
        {
            var conflict = new RowProblem(
                row.Line,
                row.DifferingColumns(name, birth, sex, address),
                ProblemKind.Conflict,
                sameFile ? LedgerMessages.ConflictInFile : LedgerMessages.ConflictInLedger);
            _conflictCount++;
            Write(conflict);
            if (_conflicts.Count < 200)
            {
                _conflicts.Add(conflict);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask AddProblemsAsync(IReadOnlyList<RowProblem> problems, CancellationToken cancellationToken)
    {
        foreach (var p in problems)
        {
            Write(p);
        }

        return ValueTask.CompletedTask;
    }

    public Task<MergeResult> FinishAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new MergeResult(_imported, _conflictCount, _conflicts));

    public ValueTask DisposeAsync()
    {
        _insert.Dispose();
        _held.Dispose();
        _problem.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Write(RowProblem p)
    {
        _problemValues[0].Value = p.Line;
        _problemValues[1].Value = p.Column;
        _problemValues[2].Value = (int)p.Kind;
        _problemValues[3].Value = p.Reason;
        _problem.ExecuteNonQuery();
    }

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
