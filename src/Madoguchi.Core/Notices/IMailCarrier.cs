using MimeKit;

namespace Madoguchi.Notices;

/// <summary>Where the outbox worker hands a mail: the city's SMTP server, or the demo folder.</summary>
public interface IMailCarrier
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
