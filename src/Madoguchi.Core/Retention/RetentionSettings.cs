using Microsoft.Extensions.Configuration;

namespace Madoguchi.Retention;

/// <summary>What a destroyed card's ledger entry keeps once its keeping time is over.</summary>
public enum DestroyedEntryKeep
{
    /// <summary>
    /// The number, status, dates (arrival, status change, birth date with its card-key digest) and
    /// sex stay; the name and the address are overwritten with 「（削除済）」. Birth date and sex
    /// have no empty value in the ledger's model, and the digest lets the public zone still answer
    /// "this card was destroyed" to its holder.
    /// </summary>
    Minimum,

    /// <summary>Nothing is overwritten: for a city whose rules keep the whole entry.</summary>
    All,
}

/// <summary>
/// How long personal data outside the ledger is kept, from <c>Madoguchi:Retention:*</c>:
/// a booking's phone and e-mail (<c>BookingContactDays</c>, 30), a destroyed card's name and
/// address (<c>DestroyedKeepDays</c>, 365; <c>DestroyedKeep</c> = minimum | all), and whether and
/// when the daily purge runs (<c>Daily</c>, true; <c>DailyAt</c>, 03:00 Japan time).
/// </summary>
public sealed record RetentionSettings
{
    /// <summary>A booking's phone and e-mail are deleted on this day after the booking's day.</summary>
    public int BookingContactDays { get; init; } = 30;

    /// <summary>Days a destroyed card's entry stays whole after it was marked destroyed.</summary>
    public int DestroyedKeepDays { get; init; } = 365;

    public DestroyedEntryKeep DestroyedKeep { get; init; } = DestroyedEntryKeep.Minimum;

    /// <summary>Whether this process runs the daily purge (off where another process or a scheduled <c>madoguchi purge</c> does it).</summary>
    public bool Daily { get; init; } = true;

    /// <summary>The daily purge's time of day, Japan time.</summary>
    public TimeOnly DailyAt { get; init; } = new(3, 0);

    public static RetentionSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Madoguchi:Retention");
        var defaults = new RetentionSettings();
        var keepText = section["DestroyedKeep"] ?? "minimum";
        var keep = keepText.Trim().ToLowerInvariant() switch
        {
            "minimum" => DestroyedEntryKeep.Minimum,
            "all" => DestroyedEntryKeep.All,
            _ => throw new Madoguchi.Operations.SettingTrouble(
                $"Madoguchi__Retention__DestroyedKeep は minimum（氏名・住所を消す）か all（すべて残す）を指定してください（指定値: {keepText}）。"),
        };
        var settings = new RetentionSettings
        {
            BookingContactDays = section.GetValue("BookingContactDays", defaults.BookingContactDays),
            DestroyedKeepDays = section.GetValue("DestroyedKeepDays", defaults.DestroyedKeepDays),
            DestroyedKeep = keep,
            Daily = section.GetValue("Daily", defaults.Daily),
            DailyAt = section["DailyAt"] is not { } at
                ? defaults.DailyAt
                : TimeOnly.TryParseExact(at.Trim(), ["H:mm", "HH:mm"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
                    ? time
                    : throw new Madoguchi.Operations.SettingTrouble($"Madoguchi__Retention__DailyAt は 03:00 のような時刻を指定してください（指定値: {at}）。"),
        };
        if (settings.BookingContactDays < 1 || settings.DestroyedKeepDays < 1)
        {
            throw new Madoguchi.Operations.SettingTrouble(
                "Madoguchi__Retention__BookingContactDays と Madoguchi__Retention__DestroyedKeepDays は1以上の日数を指定してください。");
        }

        return settings;
    }
}
