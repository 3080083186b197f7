using Madoguchi.Notices;
using Madoguchi.Staff;

namespace Madoguchi.Tests.Notices;

/// <summary>The office's preview of each mail: the renderer's own output, under the strict CSP, for every role.</summary>
public sealed class MailTemplatesPageTests
{
    [Fact]
    public async Task A_part_timer_sees_every_kind_of_mail_with_the_citys_name_and_contact_and_no_inline_style()
    {
        // A city other than the default, so that the names on the page must come from the settings.
        await using var app = await MadoguchiApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Madoguchi:CityName"] = "丸子市",
            ["Madoguchi:Booking:ContactPhone"] = "0268-00-0000",
        });
        await app.SignInAsync(StaffRole.PartTimer);

        var page = await app.PageAsync(app.Office, "/office/mail/templates");

        var subjects = page.QuerySelectorAll("[data-subject]").Select(e => e.TextContent).ToList();
        Assert.Equal(Enum.GetValues<MailKind>().Length, subjects.Count);
        Assert.All(subjects, s => Assert.StartsWith("【丸子市】", s, StringComparison.Ordinal));
        Assert.Equal(5, page.QuerySelectorAll(".mail-preview").Count(p => p.TextContent.Contains("0268-00-0000", StringComparison.Ordinal)));
        Assert.Equal(5, page.QuerySelectorAll("pre.mail-text").Count(p => p.TextContent.Contains("丸子市", StringComparison.Ordinal)));
        Assert.Empty(page.QuerySelectorAll(".mail-preview [style], .mail-preview style, .mail-preview script"));
    }
}
