using MailKit.Net.Smtp;
using MailKit.Security;

using MimeKit;

namespace Madoguchi.Notices;

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
