using Microsoft.Extensions.Configuration;

namespace Madoguchi.Notices;

public enum MailSecurity
{
    /// <summary>Plain SMTP, for a relay on the same host or inside LG-WAN.</summary>
    None,

    /// <summary>Plain connection upgraded by STARTTLS (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    Tls,
}

/// <summary>Where the outbox worker hands the mails.</summary>
public enum MailDelivery
{
    /// <summary>Nowhere: outside demo mode with neither a host nor a folder set, the mails wait in the outbox.</summary>
    None,

    Server,

    /// <summary>.eml files in <see cref="MailSettings.MailFolder"/>: demo mode, or a folder the city set on purpose.</summary>
    Folder,
}

/// <summary>
/// How the outbox worker sends mail, from <c>Madoguchi:Mail:*</c>. In demo mode the mails go to
/// <see cref="DemoFolder"/> as .eml files instead of to a server. Outside demo mode they go to the
/// host, or to a folder only when <c>Madoguchi:Mail:DemoFolder</c> is set explicitly; with neither,
/// nothing is sent (a real citizen's mail must not end up as a file nobody reads) and they wait.
/// </summary>
public sealed record MailSettings
{
    public string? Host { get; init; }

    public int Port { get; init; } = 587;

    public MailSecurity Security { get; init; } = MailSecurity.StartTls;

    public string? User { get; init; }

    public string? Password { get; init; }

    public string From { get; init; } = "noreply@madoguchi.invalid";

    public string FromName { get; init; } = "上田市 マイナンバーカード交付予約";

    /// <summary>Whether this process runs the outbox worker (and the reminders) at all.</summary>
    public bool Worker { get; init; } = true;

    /// <summary>How often the worker looks for mail that is due.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a worker's claim on a mail lasts; longer than any send can take.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait after the first failed attempt; it doubles after each further failure, up to <see cref="LongestRetry"/>.</summary>
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan LongestRetry { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Attempts before a mail is marked failed and shown to staff.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Demo mode: mails are written here as .eml files, and shown in the office's outbox.</summary>
    public bool Demo { get; init; }

    public string DemoFolder { get; init; } = "data/demo-mail";

    /// <summary>Whether <see cref="DemoFolder"/> was set in the configuration rather than left at its default.</summary>
    public bool FolderSet { get; init; }

    /// <summary>Mails go to a server only when a host is set and the process is not in demo mode.</summary>
    public bool SendsToServer => !Demo && !string.IsNullOrWhiteSpace(Host);

    public MailDelivery Delivery => SendsToServer ? MailDelivery.Server : Demo || FolderSet ? MailDelivery.Folder : MailDelivery.None;

    /// <summary>The folder .eml files are written to (and purged from), or null when mails go to no folder.</summary>
    public string? MailFolder => Delivery == MailDelivery.Folder ? DemoFolder : null;

    public static MailSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var mail = configuration.GetSection("Madoguchi:Mail");
        var defaults = new MailSettings();
        var cityName = configuration["Madoguchi:CityName"];
        return new MailSettings
        {
            Host = mail["Host"],
            Port = mail.GetValue("Port", defaults.Port),
            Security = mail.GetValue("Security", defaults.Security),
            User = mail["User"],
            Password = mail["Password"],
            From = mail["From"] ?? defaults.From,
            FromName = mail["FromName"] ?? (cityName is null ? defaults.FromName : $"{cityName} マイナンバーカード交付予約"),
            Worker = mail.GetValue("Worker", defaults.Worker),
            PollInterval = TimeSpan.FromSeconds(mail.GetValue("PollSeconds", defaults.PollInterval.TotalSeconds)),
            Lease = TimeSpan.FromMinutes(mail.GetValue("LeaseMinutes", defaults.Lease.TotalMinutes)),
            FirstRetry = TimeSpan.FromSeconds(mail.GetValue("FirstRetrySeconds", defaults.FirstRetry.TotalSeconds)),
            LongestRetry = TimeSpan.FromMinutes(mail.GetValue("LongestRetryMinutes", defaults.LongestRetry.TotalMinutes)),
            MaxAttempts = Math.Max(1, mail.GetValue("MaxAttempts", defaults.MaxAttempts)),
            Demo = configuration.GetValue("Madoguchi:Demo", true),
            DemoFolder = string.IsNullOrWhiteSpace(mail["DemoFolder"]) ? defaults.DemoFolder : mail["DemoFolder"]!,
            FolderSet = !string.IsNullOrWhiteSpace(mail["DemoFolder"]),
        };
    }

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: the first retry doubled per failure since, capped.</summary>
    public TimeSpan RetryAfter(int attempts)
    {
        var wait = FirstRetry * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return wait < LongestRetry ? wait : LongestRetry;
    }
}
