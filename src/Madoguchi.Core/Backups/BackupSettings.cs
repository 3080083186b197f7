using System.Globalization;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Backups;

/// <summary>
/// Backups, from <c>Madoguchi:Backup:*</c>: whether the office process takes one every day
/// (<c>Daily</c>, off by default) and when (<c>DailyAt</c>, 02:00 Japan time), where the daily ones go
/// (<c>Folder</c>, <c>data/backups</c>) and how many of them are kept (<c>Keep</c>, 7); the key file
/// that encrypts every backup when set (<c>KeyFile</c>); and where PostgreSQL's programs are when
/// not on the PATH (<c>PgDump</c>, <c>PgRestore</c>). ADR 0031.
/// </summary>
public sealed record BackupSettings
{
    public bool Daily { get; init; }

    public TimeOnly DailyAt { get; init; } = new(2, 0);

    public string Folder { get; init; } = "data/backups";

    public int Keep { get; init; } = 7;

    /// <summary>The file whose first line is the passphrase backups are encrypted with; none: backups are written as they are.</summary>
    public string? KeyFile { get; init; }

    /// <summary>pg_dump's path; none: found on the PATH, else in Debian's <c>/usr/lib/postgresql/*/bin</c>.</summary>
    public string? PgDump { get; init; }

    /// <summary>pg_restore's path; none: beside <see cref="PgDump"/> when that is set, else found as pg_dump is.</summary>
    public string? PgRestore { get; init; }

    public static BackupSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Madoguchi:Backup");
        var defaults = new BackupSettings();
        var settings = new BackupSettings
        {
            Daily = section.GetValue("Daily", defaults.Daily),
            DailyAt = section["DailyAt"] is not { } at
                ? defaults.DailyAt
                : TimeOnly.TryParseExact(at.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                    ? time
                    : throw new Madoguchi.Operations.SettingTrouble($"Madoguchi__Backup__DailyAt は 02:00 のような時刻を指定してください（指定値: {at}）。"),
            Folder = Blank(section["Folder"]) ?? defaults.Folder,
            Keep = section.GetValue("Keep", defaults.Keep),
            KeyFile = Blank(section["KeyFile"]),
            PgDump = Blank(section["PgDump"]),
            PgRestore = Blank(section["PgRestore"]),
        };
        if (settings.Keep < 1)
        {
            throw new Madoguchi.Operations.SettingTrouble($"Madoguchi__Backup__Keep は1以上の数を指定してください（指定値: {settings.Keep}）。");
        }

        return settings;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
