using Madoguchi.Notices;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Tests.Notices;

/// <summary>The settings a city writes for its mail, and the back-off between attempts.</summary>
public sealed class MailSettingsTests
{
    [Fact]
    public void The_wait_doubles_from_one_minute_and_stops_at_two_hours()
    {
        var settings = new MailSettings();

        // 1, 2, 4 … minutes; the 8th wait would be 128 minutes, past the 2-hour cap.
        Assert.Equal(
            [1, 2, 4, 8, 16, 32, 64, 120, 120],
            Enumerable.Range(1, 9).Select(n => settings.RetryAfter(n).TotalMinutes).ToArray());
    }

    [Theory]
    // Demo mode: the folder, even with a host (a training booking mails no one).
    [InlineData("true", "smtp.city.example", null, MailDelivery.Folder, "data/demo-mail")]
    [InlineData("true", null, null, MailDelivery.Folder, "data/demo-mail")]
    // A real city: the host; without one, a folder only when set on purpose, else nothing is sent.
    [InlineData("false", "smtp.city.example", "/var/mail-copy", MailDelivery.Server, null)]
    [InlineData("false", null, "/var/mail-copy", MailDelivery.Folder, "/var/mail-copy")]
    [InlineData("false", null, null, MailDelivery.None, null)]
    [InlineData("false", "", "", MailDelivery.None, null)]
    public void Where_mail_goes_by_demo_mode_host_and_folder(string demo, string? host, string? folder, MailDelivery delivery, string? mailFolder)
    {
        var mail = MailSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Madoguchi:Demo"] = demo,
            ["Madoguchi:Mail:Host"] = host,
            ["Madoguchi:Mail:DemoFolder"] = folder,
        }).Build());

        Assert.Equal((delivery, mailFolder), (mail.Delivery, mail.MailFolder));
    }

    [Fact]
    public void The_settings_are_read_from_configuration_and_demo_mode_never_sends_to_a_server()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Madoguchi:Demo"] = "false",
            ["Madoguchi:CityName"] = "真田市",
            ["Madoguchi:Booking:ContactPhone"] = "0268-11-2222",
            ["Madoguchi:Mail:Host"] = "smtp.city.example",
            ["Madoguchi:Mail:Port"] = "465",
            ["Madoguchi:Mail:Security"] = "tls",
            ["Madoguchi:Mail:From"] = "yoyaku@city.sanada.example",
            ["Madoguchi:Mail:ReminderTime"] = "18:30",
            ["Madoguchi:Mail:BookingUrl"] = "https://yoyaku.city.sanada.example/",
        }).Build();

        var mail = MailSettings.Read(configuration);
        var notices = NoticeSettings.From(configuration);

        Assert.Equal(("smtp.city.example", 465, MailSecurity.Tls, true), (mail.Host, mail.Port, mail.Security, mail.SendsToServer));
        Assert.Equal("真田市 マイナンバーカード交付予約", mail.FromName);
        Assert.Equal(("真田市", "0268-11-2222", new TimeOnly(18, 30), "city.sanada.example"), (notices.CityName, notices.ContactPhone, notices.ReminderTime, notices.MessageIdDomain));
        Assert.Equal(new Uri("https://yoyaku.city.sanada.example/"), notices.BookingUrl);

        var demo = MailSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Madoguchi:Mail:Host"] = "smtp.city.example" }).Build());
        Assert.False(demo.SendsToServer, "demo mode is the default, and a training booking must not mail anyone");
    }
}
