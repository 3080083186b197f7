using System.Net.Sockets;

namespace Madoguchi.Tests.ServerRoom;

/// <summary>
/// The unit files say <c>Type=notify</c> (deploy/systemd, ADR 0033): systemd waits for the process's
/// READY=1 on the socket it names in NOTIFY_SOCKET before it calls the service started, and reads the
/// journal's priority from a "&lt;6&gt;" before each log line. There is no systemd in this machine's
/// container, so the test stands in for it exactly where the web host looks: the process's parent is
/// named <c>systemd</c> (a script of that name starts it), NOTIFY_SOCKET is a datagram socket the test
/// listens on. Without AddSystemd (or with the parent check failing) no READY=1 arrives and the log
/// lines carry no priority, so the test fails.
/// </summary>
public sealed class SystemdNotifyTests
{
    [SkippableFact]
    public async Task Under_systemd_the_web_host_says_ready_once_it_answers_and_logs_with_journal_priorities()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new SkipException("systemd is Linux's.");
        }

        var folder = Directory.CreateTempSubdirectory("madoguchi-systemd-").FullName;
        try
        {
            // What systemd does for Type=notify: a datagram socket, named to the service in NOTIFY_SOCKET.
            var socketPath = Path.Combine(folder, "notify");
            using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(socketPath));

            // The parent the host's systemd check reads in /proc/<ppid>/comm: a script called systemd
            // that runs the web host as its child (not exec: it stays the parent).
            var systemd = Path.Combine(folder, "systemd");
            await File.WriteAllTextAsync(systemd, $"#!/bin/sh\ndotnet '{WebProcess.WebDll}' \"$@\"\nexit $?\n");
            File.SetUnixFileMode(systemd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
            await using var web = await WebProcess.StartAsync(
                database.Settings,
                zone: "all",
                settings: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath },
                program: systemd);

            var buffer = new byte[256];
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var received = await notify.ReceiveAsync(buffer, SocketFlags.None, wait.Token);

            Assert.Equal("READY=1", Encoding.ASCII.GetString(buffer, 0, received));
            Assert.Equal(HttpStatusCode.OK, (await web.Public.GetAsync("/healthz")).StatusCode);

            // The systemd console format: each message starts with its syslog priority (6 = information).
            Assert.Contains(web.Output.Split('\n'), line => line.StartsWith("<6>", StringComparison.Ordinal));
            Assert.DoesNotContain(web.Output.Split('\n'), line => line.StartsWith("info:", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
