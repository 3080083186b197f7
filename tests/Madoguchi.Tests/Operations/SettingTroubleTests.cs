using System.Diagnostics;

using Madoguchi.Operations;
using Madoguchi.Tests.Cli;

namespace Madoguchi.Tests.Operations;

/// <summary>
/// A setting written wrong in a unit file or a service's environment: the command and the web host
/// say in Japanese which setting, the value, and what to write, and stop with exit code 2 — not a
/// .NET stack trace in the journal (before issue 16's last step both printed "Unhandled exception").
/// </summary>
public sealed class SettingTroubleTests
{
    [Fact]
    public async Task The_command_names_a_number_setting_that_is_not_a_number()
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-settings-").FullName;
        try
        {
            // "seven" is what a person writes who read "keeps seven backups" in the docs.
            var result = await CliRunner.RunAsync(folder, new Dictionary<string, string> { ["Madoguchi__Backup__Keep"] = "seven" }, "db", "backup", Path.Combine(folder, "b.backup"));

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("設定 Madoguchi__Backup__Keep の値「seven」を読めません。数字（整数）を指定してください", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "b.backup")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_command_says_our_own_setting_message_without_a_stack_trace()
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-settings-").FullName;
        try
        {
            var result = await CliRunner.RunAsync(folder, new Dictionary<string, string> { ["Madoguchi__Backup__DailyAt"] = "25:00" }, "db", "backup", Path.Combine(folder, "b.backup"));

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("Madoguchi__Backup__DailyAt は 02:00 のような時刻を指定してください（指定値: 25:00）。", result.Error.Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_web_host_names_a_yes_no_setting_that_is_neither_and_stops()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory.CreateTempSubdirectory("madoguchi-settings-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
            ArgumentList = { WebProcess.WebDll },
            Environment =
            {
                ["Madoguchi__Demo"] = "false",
                ["Madoguchi__Backup__Daily"] = "はい",
                ["Madoguchi__PublicUrl"] = "http://127.0.0.1:1",
                ["Madoguchi__OfficeUrl"] = "http://127.0.0.1:2",
            },
        };

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Directory.Delete(start.WorkingDirectory, recursive: true);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("設定 Madoguchi__Backup__Daily の値「はい」を読めません。「true」か「false」を指定してください", await error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await error, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_setting_troubles_are_described()
    {
        Assert.Null(SettingTrouble.Describe(new InvalidOperationException("Sequence contains no elements")));
        Assert.Equal("Madoguchi__X は…", SettingTrouble.Describe(new SettingTrouble("Madoguchi__X は…")));
        Assert.Equal("Madoguchi__Retention__Days", SettingTrouble.EnvironmentName("Madoguchi:Retention:Days"));
    }
}
