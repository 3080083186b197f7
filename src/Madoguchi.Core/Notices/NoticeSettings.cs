using System.Globalization;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Notices;

/// <summary>
/// What every mail to a citizen says about the city, and when reminders go out: the city's name
/// (<c>Madoguchi:CityName</c>), the contact for changes (<c>Madoguchi:Booking:Contact*</c>, the same
/// the booking pages show) and <c>Madoguchi:Mail:*</c>.
/// </summary>
public sealed record NoticeSettings
{
    public string CityName { get; init; } = "上田市";

    public string CityNameEnglish { get; init; } = "Ueda City";

    public string ContactName { get; init; } = "上田市役所 市民課";

    public string ContactPhone { get; init; } = "0268-22-4100";

    public string ContactHours { get; init; } = "平日 8:30〜17:15";

    /// <summary>The booking pages' address as citizens reach it (e.g. https://yoyaku.city.ueda.nagano.jp/); none: the mails name no link.</summary>
    public Uri? BookingUrl { get; init; }

    /// <summary>Citizens may cancel online (then the mails say how); otherwise by phone only.</summary>
    public bool OnlineCancel { get; init; }

    /// <summary>Reminders for the next day's bookings are written at this Japan time.</summary>
    public TimeOnly ReminderTime { get; init; } = new(17, 0);

    /// <summary>The right-hand side of each mail's Message-ID: the sender's domain.</summary>
    public string MessageIdDomain { get; init; } = "madoguchi.invalid";

    public static NoticeSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new NoticeSettings();
        var booking = configuration.GetSection("Madoguchi:Booking");
        var mail = configuration.GetSection("Madoguchi:Mail");
        var from = mail["From"];
        return new NoticeSettings
        {
            CityName = configuration["Madoguchi:CityName"] ?? defaults.CityName,
            CityNameEnglish = configuration["Madoguchi:CityNameEnglish"] ?? defaults.CityNameEnglish,
            ContactName = booking["ContactName"] ?? defaults.ContactName,
            ContactPhone = booking["ContactPhone"] ?? defaults.ContactPhone,
            ContactHours = booking["ContactHours"] ?? defaults.ContactHours,
            OnlineCancel = booking.GetValue("OnlineCancel", defaults.OnlineCancel),
            BookingUrl = Uri.TryCreate(mail["BookingUrl"], UriKind.Absolute, out var url) ? url : null,
            ReminderTime = mail["ReminderTime"] is { Length: > 0 } time
                ? TimeOnly.Parse(time, CultureInfo.InvariantCulture)
                : defaults.ReminderTime,
            MessageIdDomain = from is not null && from.LastIndexOf('@') is var at and > 0 && at < from.Length - 1
                ? from[(at + 1)..].Trim().TrimEnd('>')
                : defaults.MessageIdDomain,
        };
    }
}
