using System.Diagnostics;

namespace Madoguchi.Tests.Cli;

/// <summary>Runs the real `madoguchi` command (the built madoguchi.dll) in a folder of its own.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

public static class CliRunner
{
    public static async Task<CliResult> RunAsync(string workingDirectory, IDictionary<string, string> environment, params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "madoguchi.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The key TestDatabase.Open() digests with, unless the test sets its own.
        start.Environment["Madoguchi__CardKey"] = Madoguchi.Booking.CardSecret.Development.ToBase64();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}

/// <summary>A database and a folder of its own, where the real `madoguchi` command runs against that database.</summary>
public sealed class CliWorkspace(TestDatabase database) : IAsyncDisposable
{
    public TestDatabase Database => database;

    public string Folder { get; } = Directory.CreateTempSubdirectory("madoguchi-cli-").FullName;

    public Task<CliResult> RunAsync(params string[] arguments) =>
        CliRunner.RunAsync(Folder, new Dictionary<string, string>
        {
            ["Madoguchi__Database__Provider"] = database.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
            ["ConnectionStrings__Madoguchi"] = database.Settings.ConnectionString,
        }, arguments);

    public async ValueTask DisposeAsync()
    {
        await database.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
