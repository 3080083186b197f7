using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

using Npgsql;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// Sees every command EF Core sends to one test database, from any process component in this test
/// run (the web app included), and reads the database's own plan of each: PostgreSQL's <c>EXPLAIN</c>,
/// SQLite's <c>EXPLAIN QUERY PLAN</c>, with the same parameter values the command was sent with.
/// </summary>
public sealed partial class SqlPlans : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly TestDatabase _database;
    private readonly string _target;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ConcurrentQueue<SeenCommand> _seen = new();
    private volatile bool _watching;

    public SqlPlans(TestDatabase database)
    {
        _database = database;
        _target = database.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnectionStringBuilder(database.Settings.ConnectionString).DataSource
            : new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString).Database!;
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>One command as it was sent: its text and its parameters' values.</summary>
    public sealed record SeenCommand(string Text, IReadOnlyList<(string Name, object? Value)> Parameters);

    /// <summary>Starts a fresh list of commands; what the database is sent until <see cref="Stop"/> is kept.</summary>
    public void Watch()
    {
        _seen.Clear();
        _watching = true;
    }

    public IReadOnlyList<SeenCommand> Stop()
    {
        _watching = false;
        return _seen.ToList();
    }

    /// <summary>
    /// The statements among <paramref name="commands"/> whose plan reads the whole of one of the
    /// <paramref name="tables"/> (a sequential scan, or a SQLite SCAN), each with its plan.
    /// </summary>
    public async Task<IReadOnlyList<string>> ScansAsync(IEnumerable<SeenCommand> commands, params string[] tables)
    {
        var found = new List<string>();
        await using var db = _database.Open();
        var connection = (DbConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var command in commands)
        {
            foreach (var statement in Statements(command.Text))
            {
                var plan = await PlanAsync(connection, statement, command.Parameters);
                var scanned = ScannedTables(statement, plan).Intersect(tables, StringComparer.Ordinal).ToList();
                if (scanned.Count > 0)
                {
                    found.Add($"{string.Join(", ", scanned)} scanned by:\n{statement}\n{plan}");
                }
            }
        }

        return found;
    }

    /// <summary>A batch EF Core sends as one command holds several statements; each is planned alone.</summary>
    internal static IEnumerable<string> Statements(string text) =>
        StatementEnd().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0);

    private async Task<string> PlanAsync(DbConnection connection, string statement, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        await using var explain = connection.CreateCommand();
        explain.CommandText = (_database.Provider == DatabaseProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + statement;
        foreach (var (name, value) in parameters)
        {
            // Npgsql's positional parameters ($1) have no name: all are passed, in order.
            if (name.Length > 0 && !statement.Contains(name, StringComparison.Ordinal))
            {
                continue;
            }

            var parameter = explain.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            explain.Parameters.Add(parameter);
        }

        var plan = new StringBuilder();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetValue(reader.FieldCount - 1).ToString());
        }

        return plan.ToString();
    }

    private IEnumerable<string> ScannedTables(string statement, string plan)
    {
        if (_database.Provider == DatabaseProvider.Postgres)
        {
            return PostgresSeqScan().Matches(plan).Select(m => m.Groups[1].Value);
        }

        // An empty list in an IN (…) becomes "WHERE 0": SQLite answers it without reading a row.
        if (SqliteNothing().IsMatch(statement))
        {
            return [];
        }

        // SQLite names a table by its alias in the plan: "SCAN b" for FROM "bookings" AS "b".
        var aliases = SqliteAlias().Matches(statement).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value, StringComparer.Ordinal);
        return SqliteScan().Matches(plan).Select(m => aliases.TryGetValue(m.Groups[1].Value, out var table) ? table : m.Groups[1].Value);
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuting.Name));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (!_watching || value.Value is not CommandEventData { Command: { } command })
        {
            return;
        }

        var target = command.Connection switch
        {
            SqliteConnection sqlite => sqlite.DataSource,
            NpgsqlConnection npgsql => npgsql.Database,
            _ => null,
        };
        if (target == _target)
        {
            _seen.Enqueue(new SeenCommand(command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }
    }

    [GeneratedRegex(@";\s*(?:\r?\n|$)")]
    private static partial Regex StatementEnd();

    [GeneratedRegex(@"Seq Scan on (\w+)")]
    private static partial Regex PostgresSeqScan();

    [GeneratedRegex("\"(\\w+)\" AS \"(\\w+)\"")]
    private static partial Regex SqliteAlias();

    [GeneratedRegex(@"\bWHERE 0\s*(?:\r?\n|$)")]
    private static partial Regex SqliteNothing();

    [GeneratedRegex(@"\bSCAN (\w+)")]
    private static partial Regex SqliteScan();
}
