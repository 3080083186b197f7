using System.Diagnostics;
using System.Net.Sockets;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster of Debian's binaries in a temporary folder, on a free loopback
/// port, that a test may stop and start as it likes (a restart under load) without touching the
/// server the other tests share. initdb refuses to run as root, so as root it runs as postgres.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly string _options;
    private readonly bool _asRoot = Environment.UserName == "root";

    private PostgresCluster(string bin, string root, int port, string options)
    {
        _bin = bin;
        _root = root;
        Port = port;
        _options = options;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    private string Data => Path.Combine(_root, "data");

    /// <summary>The newest /usr/lib/postgresql/*/bin that has initdb, or null.</summary>
    public static string? Binaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending()
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;

    /// <summary>Makes and starts a cluster; the settings trade durability for speed, as tests may.</summary>
    public static PostgresCluster Start(string bin, string extraOptions = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    {
        var root = Directory.CreateTempSubdirectory("madoguchi-pg-").FullName;
        var port = FreePort();
        var cluster = new PostgresCluster(bin, root, port, $"-p {port} -k {root} -c listen_addresses=127.0.0.1 {extraOptions}");
        if (cluster._asRoot)
        {
            Run("chown", "postgres", root);
        }

        cluster.Shell($"{bin}/initdb -D {cluster.Data} -A trust -U postgres -E UTF8 --no-locale");
        cluster.StartServer();
        return cluster;
    }

    /// <summary>Starts the stopped server again, on the same port and data.</summary>
    public void StartServer() =>
        Shell($"{_bin}/pg_ctl -D {Data} -l {_root}/log -w -o \"{_options}\" start");

    /// <summary>Stops the server: "fast" ends every session (as a city's restart does), "immediate" does not even checkpoint.</summary>
    public void StopServer(string mode = "fast") => Shell($"{_bin}/pg_ctl -D {Data} -m {mode} -w stop");

    public void Dispose()
    {
        try
        {
            StopServer("immediate");
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // A cluster left in /tmp is harmless; the next run starts its own.
        }
    }

    private void Shell(string command)
    {
        if (_asRoot)
        {
            Run("su", "postgres", "-c", command);
        }
        else
        {
            Run("/bin/sh", "-c", command);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }
}
