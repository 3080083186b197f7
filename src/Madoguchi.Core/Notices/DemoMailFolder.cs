using System.Globalization;

using MimeKit;

namespace Madoguchi.Notices;

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
