using System.Data.Common;

namespace Madoguchi.Ledger;

internal static class LedgerSql
{
    public const string InsertProblem =
        "INSERT INTO ledger_import_problems (import_id, line, \"column\", kind, reason) VALUES (@import, @line, @column, @kind, @reason)";

    public static DbParameter Parameter(this DbCommand command, string name)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        command.Parameters.Add(p);
        return p;
    }
}
