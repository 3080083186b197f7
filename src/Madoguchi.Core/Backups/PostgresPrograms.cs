using System.Diagnostics;
using System.Text;

using Npgsql;

namespace Madoguchi.Backups;

/// <summary>
/// PostgreSQL's own pg_dump and pg_restore (Debian's postgresql-client): found at the configured
/// path, else on the PATH, else in Debian's <c>/usr/lib/postgresql/*/bin</c> (the newest). They
/// connect with the connection string's host, port, user and database; the password goes through
/// the environment (PGPASSWORD), never the command line, where other users could read it.
/// </summary>
public sealed class PostgresPrograms(BackupSettings settings)
{
    public string? PgDump => Find("pg_dump", settings.PgDump);

    public string? PgRestore => Find("pg_restore", settings.PgRestore
        ?? (settings.PgDump is { } dump ? Path.Combine(Path.GetDirectoryName(dump) ?? "", ProgramName("pg_restore")) : null));

    public static Problem NotFound(string program, string setting) => BackupProblems.Failed(
        $"{program.Replace('_', '-')}-not-found",
        $"{program} が見つかりません",
        $"PostgreSQL のバックアップと復元には {program} を使います。Debian では apt-get install postgresql-client で入れるか、"
        + $"Madoguchi__Backup__{setting} に {program} のパスを設定してください（サーバーと同じか新しい版）。",
        $"{program} was not found: install postgresql-client or set Madoguchi__Backup__{setting}.");

    /// <summary>
    /// Runs the program against the database named in <paramref name="connectionString"/> (none: it
    /// connects nowhere, as pg_restore reading an archive to its output); answers its exit code and
    /// what it wrote to stderr and stdout.
    /// </summary>
    public static async Task<(int ExitCode, string Error, string Output)> RunAsync(string program, string? connectionString, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.Environment.Remove("PGPASSWORD");
        if (connectionString is not null)
        {
            var connection = new NpgsqlConnectionStringBuilder(connectionString);
            start.ArgumentList.Add("--no-password");
            if (!string.IsNullOrEmpty(connection.Host))
            {
                start.ArgumentList.Add($"--host={connection.Host}");
            }

            start.ArgumentList.Add("--port=" + connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(connection.Username))
            {
                start.ArgumentList.Add($"--username={connection.Username}");
            }

            start.ArgumentList.Add($"--dbname={connection.Database ?? connection.Username ?? "postgres"}");

            // The password through the environment, never the command line (ps shows arguments to every user).
            if (!string.IsNullOrEmpty(connection.Password))
            {
                start.Environment["PGPASSWORD"] = connection.Password;
            }

            if (SslModeName(connection.SslMode) is { } ssl)
            {
                start.Environment["PGSSLMODE"] = ssl;
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGAPPNAME"] = "madoguchi";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await error, await output);
    }

    /// <summary>The last lines of a program's error output, enough to say what went wrong.</summary>
    public static string Tail(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" / ", lines.TakeLast(5));
    }

    private static string? SslModeName(Npgsql.SslMode mode) => mode switch
    {
        Npgsql.SslMode.Disable => "disable",
        Npgsql.SslMode.Allow => "allow",
        Npgsql.SslMode.Require => "require",
        Npgsql.SslMode.VerifyCA => "verify-ca",
        Npgsql.SslMode.VerifyFull => "verify-full",
        _ => null,
    };

    private static string ProgramName(string name) => OperatingSystem.IsWindows() ? name + ".exe" : name;

    private static string? Find(string name, string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? configured : null;
        }

        var file = ProgramName(name);
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        // Debian's server package puts its programs under a folder per major version.
        const string Debian = "/usr/lib/postgresql";
        if (Directory.Exists(Debian))
        {
            return Directory.GetDirectories(Debian)
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1, Path: Path.Combine(d, "bin", file)))
                .Where(c => c.Version >= 0 && File.Exists(c.Path))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Path)
                .FirstOrDefault();
        }

        return null;
    }
}
