namespace Madoguchi.Backups;

/// <summary>What a backup file holds, read from its first bytes.</summary>
public enum BackupKind
{
    Unknown,

    /// <summary>A SQLite database file (<c>SQLite format 3</c>).</summary>
    Sqlite,

    /// <summary>A pg_dump archive in custom format (<c>PGDMP</c>).</summary>
    PostgresDump,

    /// <summary>An OpenPGP message: a backup encrypted with the backup key.</summary>
    Encrypted,
}

/// <summary>
/// Backup files hold the ledger and bookings, so each is made readable and writable by its owner only
/// (mode 0600 on Unix, set when the file is created, before any byte is written). On Windows the file
/// inherits the folder's access list: the folder is the operator's to restrict (ADR 0031).
/// </summary>
public static class BackupFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>A new file for writing, owner-only; an existing file is refused, never overwritten.</summary>
    public static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return new FileStream(path, options);
    }

    /// <summary>An empty owner-only file, for a program (SQLite, pg_dump) that then writes into it.</summary>
    public static void CreateEmpty(string path)
    {
        using var file = Create(path);
    }

    /// <summary>A fresh owner-only file beside <paramref name="near"/> for work in progress; the caller deletes it.</summary>
    public static string Scratch(string near)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(near)) ?? Path.GetTempPath();
        var path = Path.Combine(folder, $".{Path.GetFileName(near)}.{Guid.NewGuid():N}.partial");
        CreateEmpty(path);
        return path;
    }

    public static void Delete(string? path)
    {
        if (path is null)
        {
            return;
        }

        foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Left behind, still owner-only.
            }
        }
    }

    public static BackupKind KindOf(string path)
    {
        using var file = File.OpenRead(path);
        var head = new byte[16];
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 16 && head.AsSpan(0, 16).SequenceEqual("SQLite format 3\0"u8))
        {
            return BackupKind.Sqlite;
        }

        if (read >= 5 && head.AsSpan(0, 5).SequenceEqual("PGDMP"u8))
        {
            return BackupKind.PostgresDump;
        }

        // An OpenPGP packet's first byte has its top bit set (RFC 4880 section 4.2); neither format above does.
        return read > 0 && (head[0] & 0x80) != 0 ? BackupKind.Encrypted : BackupKind.Unknown;
    }
}
