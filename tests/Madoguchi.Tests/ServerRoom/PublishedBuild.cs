using System.Diagnostics;
using System.Text;

using Madoguchi.Tests.Cli;

namespace Madoguchi.Tests.ServerRoom;

/// <summary>
/// The folder a city copies to its server, made once per test run by the repository's own
/// <c>publish.sh portable</c> (framework-dependent, in the configuration the tests were built in, so the
/// build is mostly up to date), and its programs run as an operator runs them.
/// </summary>
public static class PublishedBuild
{
    private static readonly Lazy<Task<string>> Folder = new(PublishAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<string> FolderAsync() => Folder.Value;

    /// <summary>The executable of a published program (the apphost: <c>Madoguchi.Web</c>, <c>madoguchi</c>).</summary>
    public static string Program(string folder, string name) => Path.Combine(folder, OperatingSystem.IsWindows() ? name + ".exe" : name);

    /// <summary>Runs the published <c>madoguchi</c> in a folder, with the settings in its environment.</summary>
    public static async Task<CliResult> CliAsync(string folder, string workingDirectory, IDictionary<string, string> environment, params string[] arguments)
    {
        var start = Start(Program(folder, "madoguchi"), workingDirectory);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return await RunAsync(start, TimeSpan.FromMinutes(2));
    }

    /// <summary>What a framework-dependent apphost needs to find the runtime the tests run on.</summary>
    public static string DotnetRoot =>
        Path.GetDirectoryName(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : Environment.ProcessPath)!;

    private static async Task<string> PublishAsync()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "publish.sh")))
        {
            repository = repository.Parent;
        }

        Assert.NotNull(repository);
        var output = Path.Combine(Path.GetTempPath(), $"madoguchi-published-{Environment.ProcessId}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(output, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        var start = Start("bash", repository.FullName);
        start.ArgumentList.Add("publish.sh");
        start.ArgumentList.Add("portable");
        start.Environment["MADOGUCHI_PUBLISH_OUTPUT"] = output;
        start.Environment["MADOGUCHI_PUBLISH_CONFIGURATION"] =
            AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var result = await RunAsync(start, TimeSpan.FromMinutes(10));
        Assert.True(result.ExitCode == 0, $"publish.sh failed ({result.ExitCode}):\n{result.Output}\n{result.Error}");
        return Path.Combine(output, "madoguchi-portable");
    }

    private static ProcessStartInfo Start(string program, string workingDirectory)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        // The test runner's MSBuild settings are not the published program's, nor a fresh `dotnet publish`'s.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_ROOT"] = DotnetRoot;
        return start;
    }

    private static async Task<CliResult> RunAsync(ProcessStartInfo start, TimeSpan limit)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
