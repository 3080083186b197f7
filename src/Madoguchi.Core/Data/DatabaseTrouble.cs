using Microsoft.Data.Sqlite;

using Npgsql;

namespace Madoguchi.Data;

/// <summary>What went wrong with the database itself, as opposed to a fault in the code.</summary>
public enum DatabaseTroubleKind
{
    /// <summary>The server is down, restarting, refusing connections, or too busy (a deadlock victim included); trying again helps.</summary>
    Unavailable,

    /// <summary>The disk (or the database's size limit) is full.</summary>
    Full,

    /// <summary>The database may only be read (a read-only file, mount or server).</summary>
    ReadOnly,
}

/// <summary>
/// Recognises the database failures that a person can meet in production (a restart, a full disk,
/// a read-only copy) and words them for that person. A failed write always rolls back its whole
/// transaction, so each message can say that nothing was saved. See docs/decisions/0015-fault-tests.md.
/// </summary>
public static class DatabaseTrouble
{
    /// <summary>Seconds a client is asked to wait before trying again (Retry-After).</summary>
    public const int RetryAfterSeconds = 30;

    public static DatabaseTroubleKind? Of(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode switch
                    {
                        13 => DatabaseTroubleKind.Full, // SQLITE_FULL (also max_page_count reached)
                        // A full disk met while growing a file in advance or the WAL index rather than writing a page:
                        // IOERR_WRITE (fcntlSizeHint's fallocate), IOERR_TRUNCATE, IOERR_SHMSIZE.
                        10 when sqlite.SqliteExtendedErrorCode is 778 or 1546 or 4874 => DatabaseTroubleKind.Full,
                        8 => DatabaseTroubleKind.ReadOnly, // SQLITE_READONLY
                        5 or 6 or 10 or 14 => DatabaseTroubleKind.Unavailable, // BUSY, LOCKED, IOERR, CANTOPEN
                        _ => null,
                    };
                case PostgresException postgres:
                    return postgres.SqlState switch
                    {
                        PostgresErrorCodes.DiskFull => DatabaseTroubleKind.Full,
                        PostgresErrorCodes.ReadOnlySqlTransaction => DatabaseTroubleKind.ReadOnly,
                        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                            or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.DatabaseDropped
                            or PostgresErrorCodes.OutOfMemory or PostgresErrorCodes.InsufficientResources
                            or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure => DatabaseTroubleKind.Unavailable,
                        _ when postgres.SqlState.StartsWith("08", StringComparison.Ordinal) => DatabaseTroubleKind.Unavailable, // connection exceptions
                        _ => null,
                    };
                case NpgsqlException npgsql when npgsql.IsTransient:
                    // A broken or refused connection, or a timeout while the server was away.
                    return DatabaseTroubleKind.Unavailable;
                case IOException io when IsDiskFull(io):
                    return DatabaseTroubleKind.Full;
            }
        }

        return null;
    }

    /// <summary>ENOSPC on Linux; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.</summary>
    public static bool IsDiskFull(IOException exception) =>
        exception.HResult is 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027);

    /// <summary>For a citizen: what happened and what to do.</summary>
    public static string ForCitizen(DatabaseTroubleKind kind) => kind switch
    {
        DatabaseTroubleKind.Unavailable =>
            "ただいま混み合っているか、システムの保守中です。1分ほど待ってから、もう一度お試しください。予約できたかどうかは「予約の確認」でお確かめいただけます。続くときは市民課にお電話ください。",
        _ =>
            "ただいまシステムの保守中のため、受け付けられません。しばらく待ってからもう一度お試しいただくか、市民課にお電話ください。",
    };

    /// <summary>For a clerk: what happened, that nothing was saved, and whom to call.</summary>
    public static string ForStaff(DatabaseTroubleKind kind) => kind switch
    {
        DatabaseTroubleKind.Full =>
            "データベースの保存場所（ディスク）がいっぱいのため保存できませんでした。何も保存していません（途中まで書き込まれたものもありません）。システム担当者に空き容量を増やすよう連絡し、そのあとでもう一度行ってください。",
        DatabaseTroubleKind.ReadOnly =>
            "データベースが読み取り専用になっているため保存できませんでした。何も保存していません（途中まで書き込まれたものもありません）。システム担当者に連絡し、書き込めるようになってからもう一度行ってください。",
        _ =>
            "データベースにつながらないため保存できませんでした（再起動中か保守中です）。何も保存していません。1分ほど待ってからもう一度行い、続くときはシステム担当者に連絡してください。",
    };

    public static string English(DatabaseTroubleKind kind) => kind switch
    {
        DatabaseTroubleKind.Full => "The database disk is full; nothing was saved.",
        DatabaseTroubleKind.ReadOnly => "The database is read-only; nothing was saved.",
        _ => "The database is unavailable for a moment; nothing was saved. Please try again shortly.",
    };
}
