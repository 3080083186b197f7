using Madoguchi.Booking.Formats;

namespace Madoguchi.Tests.Booking.Formats;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("taro@example.jp", "taro@example.jp")] // already in the normal form
    [InlineData("  taro@example.jp ", "taro@example.jp")] // spaces around it from pasting
    [InlineData("Taro.Yamada@Example.CO.JP", "Taro.Yamada@example.co.jp")] // the domain is lower-cased, the local part keeps its case
    [InlineData("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp")] // typed with the input method in full-width mode
    [InlineData("ＴＡＲＯ１２３＠ＥＸＡＭＰＬＥ．ＪＰ", "TARO123@example.jp")] // full-width capitals and digits
    [InlineData("taro@example。jp", "taro@example.jp")] // the input method's full stop in the domain
    [InlineData("taro+madoguchi@mail.example.jp", "taro+madoguchi@mail.example.jp")] // sub-address with a plus
    [InlineData("taro..yamada.@docomo.ne.jp", "taro..yamada.@docomo.ne.jp")] // old carrier address: repeated dot and dot before @
    [InlineData("o'brien_1-2@example-city.lg.jp", "o'brien_1-2@example-city.lg.jp")] // apostrophe, underscore, hyphens
    public void Accepts_and_normalizes(string input, string expected)
    {
        Assert.True(EmailAddress.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)] // no input at all
    [InlineData("")] // empty field
    [InlineData("taro.example.jp")] // no @
    [InlineData("taro@@example.jp")] // two @
    [InlineData("taro@home@example.jp")] // two @ apart
    [InlineData("@example.jp")] // nothing before @
    [InlineData("taro@")] // nothing after @
    [InlineData("taro@localhost")] // a domain without a dot
    [InlineData("taro@example.")] // empty last label
    [InlineData("taro@.example.jp")] // empty first label
    [InlineData("taro@example..jp")] // empty label between dots
    [InlineData("taro@-example.jp")] // label starting with a hyphen
    [InlineData("taro@192.168.0.1")] // an IP address, not a domain
    [InlineData("taro yamada@example.jp")] // a space in the local part
    [InlineData("taro@exa mple.jp")] // a space in the domain
    [InlineData("taro　@example.jp")] // an ideographic space before @
    [InlineData(".taro@example.jp")] // a dot at the start of the local part
    [InlineData("Taro <taro@example.jp>")] // a display name, which System.Net.Mail.MailAddress would accept
    [InlineData("たろう@example.jp")] // Japanese in the local part: few mail servers take it
    [InlineData("taro@example,jp")] // comma typed for a dot
    public void Rejects(string? input)
    {
        Assert.False(EmailAddress.TryNormalize(input, out var normalized));
        Assert.Equal("", normalized);
    }

    [Fact]
    public void Accepts_254_characters_and_rejects_255()
    {
        // 254 is the longest address that fits an SMTP path. Labels of 63, the longest a label may be, make the
        // domain long enough that the local part stays under its own limit of 64.
        var domain = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), "jp");
        var local = new string('t', 254 - 1 - domain.Length);

        Assert.True(EmailAddress.TryNormalize($"{local}@{domain}", out _));
        Assert.False(EmailAddress.TryNormalize($"{local}t@{domain}", out _));
    }

    [Fact]
    public void Rejects_a_local_part_over_64_characters()
    {
        // RFC 5321 limits the local part to 64 octets even when the whole address is short.
        Assert.True(EmailAddress.TryNormalize(new string('t', 64) + "@example.jp", out _));
        Assert.False(EmailAddress.TryNormalize(new string('t', 65) + "@example.jp", out _));
    }
}
