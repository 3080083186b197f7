using System.Text.Unicode;

using Madoguchi.Calendar.Holidays;

namespace Madoguchi.Tests.Calendar.Holidays;

public sealed class ShippedHolidaysTests
{
    // The shipped file comes from @holiday-jp/holiday_jp, whose data starts in 1970; 2027 is the last year the
    // Cabinet Office had published when it was built.
    private const int ShippedFirstYear = 1970;
    private const int ShippedLastYear = 2027;

    public static TheoryData<int> ShippedYears { get; } = [.. Enumerable.Range(ShippedFirstYear, ShippedLastYear - ShippedFirstYear + 1)];

    [Fact]
    public void The_shipped_list_reads_cleanly_and_covers_its_years()
    {
        SyukujitsuReadResult list = ShippedHolidays.List;

        Assert.Empty(list.Errors);
        Assert.Equal(ShippedFirstYear, list.FirstYear);
        Assert.Equal(ShippedLastYear, list.LastYear);
        Assert.Equal(new NationalHoliday(new DateOnly(1970, 1, 1), "元日"), list.Holidays[0]);
        Assert.Equal(new NationalHoliday(new DateOnly(2027, 11, 23), "勤労感謝の日"), list.Holidays[^1]);
    }

    [Fact]
    public void The_shipped_file_is_in_the_cabinet_offices_encoding_and_line_endings()
    {
        using Stream stream = typeof(ShippedHolidays).Assembly.GetManifestResourceStream("Madoguchi.Calendar.Holidays.syukujitsu.csv")!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        byte[] bytes = buffer.ToArray();

        // Its Japanese header is not valid UTF-8 in Shift_JIS.
        Assert.False(Utf8.IsValid(bytes));
        Assert.Equal(bytes.Count(b => b == (byte)'\n'), CountCrLf(bytes));
    }

    [Fact]
    public void The_shipped_list_uses_the_official_names_for_rest_days()
    {
        // holiday_jp writes "〇〇 振替休日" and "国民の休日"; the Cabinet Office writes both as 休日.
        Assert.DoesNotContain(ShippedHolidays.List.Holidays, h => h.Name.Contains("振替") || h.Name == "国民の休日");
        Assert.Contains(new NationalHoliday(new DateOnly(2019, 5, 6), "休日"), ShippedHolidays.List.Holidays);
    }

    [Theory]
    [MemberData(nameof(ShippedYears))]
    public void The_rules_give_exactly_the_shipped_list(int year)
    {
        Assert.Equal(ShippedHolidays.List.Holidays.Where(h => h.Date.Year == year), JapaneseHolidays.Compute(year));
    }

    private static int CountCrLf(byte[] bytes)
    {
        int count = 0;
        for (int i = 1; i < bytes.Length; i++)
        {
            if (bytes[i - 1] == '\r' && bytes[i] == '\n')
            {
                count++;
            }
        }

        return count;
    }
}
