using Microsoft.Data.Sqlite;

namespace Madoguchi.Data;

/// <summary>
/// Every SQLite connection runs in WAL mode with synchronous=NORMAL: a commit is safe when the
/// process is killed (the WAL is written before the commit returns) and costs no fsync; only a
/// power cut can lose the last moments, never corrupt the file. A city that needs more runs on
/// PostgreSQL (see docs/decisions/0006-booking-seats-and-sqlite-writers.md). secure_delete overwrites
/// deleted rows, so a cancelled booking's phone number is not left in the file.
/// </summary>
internal sealed class SqlitePragmas : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON;";
        command.ExecuteNonQuery();
    }
}
