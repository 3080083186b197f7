using Madoguchi.Booking.Formats;

namespace Madoguchi.Tests.Booking.Formats;

public sealed class BookingCalendarFileTests
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    // 09:00–09:15 Japan time is 00:00–00:15 UTC on the same day: the offset must be applied, not dropped.
    private static readonly CalendarEvent Pickup = new(
        "3C7K-9HQA@madoguchi.example",
        new DateTimeOffset(2027, 3, 1, 9, 0, 0, Japan),
        new DateTimeOffset(2027, 3, 1, 9, 15, 0, Japan),
        "マイナンバーカードの受け取り",
        "上田市役所 本庁舎 市民課",
        "予約番号 3C7K-9HQA",
        new DateTimeOffset(2027, 2, 20, 10, 30, 0, Japan));

    [Fact]
    public void Writes_the_whole_file_for_a_fixed_event()
    {
        var expected = string.Join("\r\n",
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Madoguchi//JA",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:3C7K-9HQA@madoguchi.example",
            "DTSTAMP:20270220T013000Z",
            "DTSTART:20270301T000000Z",
            "DTEND:20270301T001500Z",
            "SUMMARY:マイナンバーカードの受け取り",
            "LOCATION:上田市役所 本庁舎 市民課",
            "DESCRIPTION:予約番号 3C7K-9HQA",
            "BEGIN:VALARM",
            "TRIGGER:-P1D",
            "ACTION:DISPLAY",
            "DESCRIPTION:マイナンバーカードの受け取り",
            "END:VALARM",
            "END:VEVENT",
            "END:VCALENDAR",
            "");

        Assert.Equal(expected, BookingCalendarFile.Write(Pickup));
    }

    [Fact]
    public void The_same_instant_written_in_utc_gives_the_same_file()
    {
        var inUtc = Pickup with
        {
            Start = Pickup.Start.ToUniversalTime(),
            End = Pickup.End.ToUniversalTime(),
            Stamp = Pickup.Stamp.ToUniversalTime(),
        };

        Assert.Equal(BookingCalendarFile.Write(Pickup), BookingCalendarFile.Write(inUtc));
    }

    [Fact]
    public void Escapes_backslash_semicolon_comma_and_line_breaks_in_text()
    {
        var file = BookingCalendarFile.Write(Pickup with
        {
            Summary = "受け取り, 交付",
            Location = "上田市役所; 本庁舎",
            Description = "持ち物: 交付通知書\\本人確認書類\n暗証番号のメモ\r\n(CRLF)\r(CR)",
        }).Replace("\r\n ", "", StringComparison.Ordinal); // unfolded: the description is longer than one line

        Assert.Contains("\r\nSUMMARY:受け取り\\, 交付\r\n", file, StringComparison.Ordinal);
        Assert.Contains("\r\nLOCATION:上田市役所\\; 本庁舎\r\n", file, StringComparison.Ordinal);
        Assert.Contains("\r\nDESCRIPTION:持ち物: 交付通知書\\\\本人確認書類\\n暗証番号のメモ\\n(CRLF)\\n(CR)\r\n", file, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_line_ends_with_crlf_and_no_bare_line_feed_remains()
    {
        var file = BookingCalendarFile.Write(Pickup with { Description = "一行目\n二行目\r三行目" });

        Assert.EndsWith("\r\n", file, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", file.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\r", file.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Folds_a_long_japanese_description_at_75_octets_without_breaking_a_character()
    {
        // Three-byte kana and kanji mixed with ASCII and a four-byte character (𠮷, common in surnames) so that
        // breaks fall at every offset inside a multi-byte character.
        var description = string.Concat(Enumerable.Repeat("本人確認書類(運転免許証など)と交付通知書を持参、𠮷田様。", 6));
        var file = BookingCalendarFile.Write(Pickup with { Description = description });

        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var bytes = strict.GetBytes(file);
        var lines = SplitOnCrlf(bytes);
        Assert.All(lines, line =>
        {
            Assert.InRange(line.Length, 0, 75);
            strict.GetString(line);
        });

        var unfolded = file.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains($"\r\nDESCRIPTION:{description.Replace(",", "\\,", StringComparison.Ordinal)}\r\n", unfolded, StringComparison.Ordinal);

        // The line is filled: a break leaves room for at most part of one four-byte character.
        var descriptionLines = file.Split("\r\n").SkipWhile(static line => !line.StartsWith("DESCRIPTION:", StringComparison.Ordinal))
            .TakeWhile(static line => line.StartsWith("DESCRIPTION:", StringComparison.Ordinal) || line.StartsWith(' '))
            .ToList();
        Assert.True(descriptionLines.Count > 3);
        Assert.All(descriptionLines[..^1], static line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 72, 75));
    }

    [Fact]
    public void A_line_of_exactly_75_octets_is_not_folded()
    {
        // "DESCRIPTION:" is 12 octets and 21 kanji are 63: 75 in all, the longest line allowed.
        var file = BookingCalendarFile.Write(Pickup with { Description = new string('字', 21) });

        Assert.Contains($"\r\nDESCRIPTION:{new string('字', 21)}\r\n", file, StringComparison.Ordinal);

        var longer = BookingCalendarFile.Write(Pickup with { Description = new string('字', 22) });
        Assert.Contains($"\r\nDESCRIPTION:{new string('字', 21)}\r\n 字\r\n", longer, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_event_that_does_not_end_after_it_starts()
    {
        Assert.Throws<ArgumentException>(() => BookingCalendarFile.Write(Pickup with { End = Pickup.Start }));
    }

    private static List<byte[]> SplitOnCrlf(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                lines.Add(bytes[start..i]);
                start = i + 2;
                i++;
            }
        }

        Assert.Equal(bytes.Length, start);
        return lines;
    }
}
