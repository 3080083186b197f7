using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;

using MimeKit;

using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Madoguchi.Tests.Notices;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a loopback port, keeping every message it accepts
/// as raw bytes. It can be stopped and started again on the same port (a mail server that is down),
/// or told to answer every message with a given reply code (a server that refuses).
/// </summary>
public sealed class LoopbackSmtp : IAsyncDisposable
{
    private readonly Store _store = new();
    private SmtpServer.SmtpServer? _server;
    private Task? _running;
    private CancellationTokenSource? _stop;

    public LoopbackSmtp()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>Null: accept; otherwise the reply every message gets (e.g. 451 try later, 554 refused).</summary>
    public SmtpReplyCode? Refuse
    {
        get => _store.Refuse;
        set => _store.Refuse = value;
    }

    public IReadOnlyList<byte[]> Raw => [.. _store.Messages];

    public IReadOnlyList<MimeMessage> Messages => [.. _store.Messages.Select(m => MimeMessage.Load(new MemoryStream(m)))];

    /// <summary>The settings that point the app's outbox worker here, polling every 100 ms.</summary>
    public Dictionary<string, string?> AppSettings(int maxAttempts = 10) => new()
    {
        ["Madoguchi:Mail:Host"] = "127.0.0.1",
        ["Madoguchi:Mail:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Madoguchi:Mail:Security"] = "None",
        ["Madoguchi:Mail:From"] = "yoyaku@city.ueda.example",
        ["Madoguchi:Mail:Worker"] = "true",
        ["Madoguchi:Mail:PollSeconds"] = "0.1",
        ["Madoguchi:Mail:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        return WaitUntilListeningAsync();
    }

    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        _server.Shutdown();
        await _stop!.CancelAsync();
        try
        {
            await _running!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _server = null;
    }

    /// <summary>Waits (at most 20 s) until the server holds <paramref name="count"/> messages.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (_store.Messages.Count < count && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        Assert.True(_store.Messages.Count >= count, $"the server received {_store.Messages.Count} messages, expected {count}");
        return Messages;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitUntilListeningAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<byte[]> Messages { get; } = new();

        public SmtpReplyCode? Refuse { get; set; }

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Refuse is { } code)
            {
                return Task.FromResult(new SmtpResponse(code, "refused by the test"));
            }

            Messages.Enqueue(buffer.ToArray());
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
