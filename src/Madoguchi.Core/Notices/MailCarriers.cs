using System.Globalization;

using MailKit.Net.Smtp;
using MailKit.Security;

using MimeKit;

namespace Madoguchi.Notices;

/// <summary>Where the outbox worker hands a mail: the city's SMTP server, or the demo folder.</summary>
public interface IMailCarrier
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends over SMTP with MailKit, one connection per batch of due mails.</summary>
public sealed class SmtpCarrier(MailSettings settings) : IMailCarrier, IAsyncDisposable
{
    private readonly SmtpClient _client = new() { Timeout = 60_000 };

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            var security = settings.Security switch
            {
                MailSecurity.Tls => SecureSocketOptions.SslOnConnect,
                MailSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await _client.ConnectAsync(settings.Host ?? "localhost", settings.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await _client.AuthenticateAsync(settings.User, settings.Password ?? "", cancellationToken);
            }
        }

        await _client.SendAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(quit: true);
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException)
            {
                // The mails were sent or recorded as failed already; a lost goodbye changes nothing.
            }
        }

        _client.Dispose();
    }
}

/// <summary>
/// Demo mode: each mail becomes an .eml file in a folder (open it with any mail program), and stays
/// readable on the office's outbox page, so a newcomer sees what citizens would receive.
/// </summary>
public sealed class DemoMailFolder(string folder) : IMailCarrier
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(folder);
        var name = $"{message.Date.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{(message.MessageId ?? "mail").Split('@')[0]}.eml";
        // Written aside and renamed, so a reader never opens half a mail.
        var partial = Path.Combine(folder, $".{name}.partial");
        await message.WriteToAsync(partial, cancellationToken);
        File.Move(partial, Path.Combine(folder, name), overwrite: true);
    }
}
