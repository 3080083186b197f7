using System.Diagnostics;
using System.Net.Sockets;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// The real web app in an operating-system process of its own (the built Madoguchi.Web.dll run by
/// <c>dotnet</c>, configured by environment variables as a city would), so a test can kill it
/// with SIGKILL, start it again on the same database, or run two of them side by side. It uses the
/// real clock: tests pick their slots from the API, inside today's booking window.
/// </summary>
public sealed class WebProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _folder;
    private readonly string? _program;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private WebProcess(string zone, Dictionary<string, string> environment, string folder, Uri publicUrl, Uri officeUrl, string? program)
    {
        Zone = zone;
        _program = program;
        _environment = environment;
        _folder = folder;
        PublicUrl = publicUrl;
        OfficeUrl = officeUrl;
        Public = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = publicUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public string Zone { get; }

    public Uri PublicUrl { get; }

    public Uri OfficeUrl { get; }

    /// <summary>A client for the public zone; it sends no cookies, so every request stands alone.</summary>
    public HttpClient Public { get; }

    /// <summary>What the process wrote (all of its runs), for the message of a failing test.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string WebDll => Path.Combine(AppContext.BaseDirectory, "Madoguchi.Web.dll");

    /// <summary>Starts the process on the database and waits until it answers /healthz.</summary>
    /// <param name="program">An executable to start in place of <c>dotnet Madoguchi.Web.dll</c> (a published build's).</param>
    public static async Task<WebProcess> StartAsync(DatabaseSettings database, string zone = "public", IDictionary<string, string>? settings = null, string? program = null)
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-web-").FullName;
        var (publicPort, officePort) = MadoguchiApp.TwoFreePorts();
        var publicUrl = new Uri($"http://127.0.0.1:{publicPort}");
        var officeUrl = new Uri($"http://127.0.0.1:{officePort}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_gcServer"] = "0",
            ["Madoguchi__Database__Provider"] = database.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
            ["ConnectionStrings__Madoguchi"] = database.ConnectionString,
            ["Madoguchi__PublicUrl"] = publicUrl.ToString(),
            ["Madoguchi__OfficeUrl"] = officeUrl.ToString(),
            ["Madoguchi__Demo"] = "false",
            ["Madoguchi__CardKey"] = Madoguchi.Booking.CardSecret.Development.ToBase64(),
            ["Madoguchi__UploadFolder"] = Path.Combine(folder, "uploads"),
            ["Madoguchi__Audit__KeyFile"] = Path.Combine(folder, "audit-keys"),
            ["Madoguchi__DailyJobs"] = "false",
            ["Madoguchi__Retention__Daily"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var web = new WebProcess(zone, environment, folder, publicUrl, officeUrl, program);
        await web.RestartAsync();
        return web;
    }

    /// <summary>Kills the process at once (SIGKILL on Linux): no shutdown, no flush, no goodbye.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>Starts the process (again, after a kill) on the same database and ports.</summary>
    public async Task RestartAsync()
    {
        Kill();
        _process?.Dispose();
        var start = new ProcessStartInfo(_program ?? "dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (_program is null)
        {
            start.ArgumentList.Add(WebDll);
        }

        start.ArgumentList.Add("--zone");
        start.ArgumentList.Add(Zone);
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        // Starting (migrations, places) takes a few seconds on a busy machine; a minute means it is stuck.
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The web process ended with {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var health = await probe.GetAsync(new Uri(Zone == "office" ? OfficeUrl : PublicUrl, "/healthz"));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The web process did not answer /healthz within a minute:\n{Output}");
    }

    /// <summary>True when the request never reached a server: the port was closed (refused), so it cannot have had any effect.</summary>
    public static bool NeverArrived(Exception exception) =>
        exception is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        Public.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
