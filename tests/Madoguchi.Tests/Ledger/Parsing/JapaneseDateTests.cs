using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Tests.Ledger.Parsing;

public class JapaneseDateTests
{
    [Theory]
    [InlineData("1985-04-12")] // ISO form, the most common in the national file
    [InlineData("1985/4/12")] // slashes without leading zeros, as Excel writes it
    [InlineData("1985/04/12")] // slashes with leading zeros
    [InlineData("1985.4.12")] // dots
    [InlineData("1985-4-12")] // hyphens without leading zeros
    [InlineData("19850412")] // eight digits, no separators
    [InlineData("1985年4月12日")] // written in kanji
    [InlineData("1985年04月12日")] // kanji with leading zeros
    [InlineData("１９８５－０４－１２")] // full-width ISO form
    [InlineData("１９８５／４／１２")] // full-width slashes
    [InlineData("１９８５年４月１２日")] // full-width digits with kanji
    [InlineData("１９８５０４１２")] // full-width eight digits
    [InlineData("  1985-04-12  ")] // spaces around
    [InlineData("\u30001985/4/12\u3000")] // full-width spaces around
    [InlineData("昭和60年4月12日")] // era in kanji
    [InlineData("昭和６０年４月１２日")] // era with full-width digits
    [InlineData("昭和60年04月12日")] // era with leading zeros
    [InlineData("S60.4.12")] // era letter with dots
    [InlineData("S60/4/12")] // era letter with slashes
    [InlineData("S60-4-12")] // era letter with hyphens
    [InlineData("s60.4.12")] // lower-case era letter
    [InlineData("Ｓ６０．４．１２")] // full-width era letter, digits and dots
    [InlineData("ｓ60.4.12")] // full-width lower-case era letter
    [InlineData("S60年4月12日")] // era letter with kanji separators
    [InlineData("昭和60.4.12")] // era kanji with dots
    [InlineData("\u337C60年4月12日")] // ㍼, the one-character 昭和 older systems output
    public void Reads_each_accepted_form_of_the_same_day(string input)
    {
        Assert.True(JapaneseDate.TryParse(input, out DateOnly date, out string error));
        Assert.Equal(new DateOnly(1985, 4, 12), date);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("令和元年5月1日", 2019, 5, 1)] // 元年 is year 1
    [InlineData("令和1年5月1日", 2019, 5, 1)] // the same day written with 1
    [InlineData("R1.5.1", 2019, 5, 1)] // era letter, first day of 令和
    [InlineData("平成元年1月8日", 1989, 1, 8)] // 元年 in another era
    [InlineData("H31.4.30", 2019, 4, 30)] // last day of 平成
    [InlineData("h31/4/30", 2019, 4, 30)] // lower case with slashes
    [InlineData("R6.12.31", 2024, 12, 31)] // 令和 year N = 2018 + N
    [InlineData("T1.7.30", 1912, 7, 30)] // 大正 letter
    [InlineData("M45.7.29", 1912, 7, 29)] // 明治 letter
    [InlineData("\u337B元年1月8日", 1989, 1, 8)] // ㍻ one-character 平成 with 元年
    [InlineData("\u32FF2年1月1日", 2020, 1, 1)] // ㋿ one-character 令和
    public void Reads_era_years(string input, int year, int month, int day)
    {
        Assert.True(JapaneseDate.TryParse(input, out DateOnly date, out string error));
        Assert.Equal(new DateOnly(year, month, day), date);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("明治元年10月23日", 1868, 10, 23)] // first day of 明治
    [InlineData("明治45年7月29日", 1912, 7, 29)] // last day of 明治
    [InlineData("大正元年7月30日", 1912, 7, 30)] // first day of 大正, the day after 明治 ended
    [InlineData("大正15年12月24日", 1926, 12, 24)] // last day of 大正
    [InlineData("昭和元年12月25日", 1926, 12, 25)] // first day of 昭和
    [InlineData("昭和64年1月7日", 1989, 1, 7)] // last day of 昭和
    [InlineData("平成元年1月8日", 1989, 1, 8)] // first day of 平成
    [InlineData("平成31年4月30日", 2019, 4, 30)] // last day of 平成
    [InlineData("令和元年5月1日", 2019, 5, 1)] // first day of 令和
    public void Accepts_the_first_and_last_day_of_each_era(string input, int year, int month, int day)
    {
        Assert.True(JapaneseDate.TryParse(input, out DateOnly date, out string error));
        Assert.Equal(new DateOnly(year, month, day), date);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("明治元年10月22日", "明治")] // one day before 明治 began
    [InlineData("明治45年7月30日", "明治")] // one day after 明治 ended (that day is 大正元年)
    [InlineData("大正元年7月29日", "大正")] // one day before 大正 began
    [InlineData("大正15年12月25日", "大正")] // one day after 大正 ended
    [InlineData("昭和1年12月24日", "昭和")] // one day before 昭和 began
    [InlineData("昭和64年1月8日", "昭和")] // one day after 昭和 ended
    [InlineData("平成元年1月7日", "平成")] // one day before 平成 began
    [InlineData("平成31年5月1日", "平成")] // one day after 平成 ended
    [InlineData("令和元年4月30日", "令和")] // one day before 令和 began
    [InlineData("令和0年5月1日", "令和")] // year 0 does not exist in any era
    [InlineData("H32.1.1", "平成")] // a year 平成 never reached, as some systems printed in 2020
    [InlineData("S100.1.1", "昭和")] // three-digit era year far past the era's end
    public void Rejects_a_day_outside_its_era(string input, string era)
    {
        Assert.False(JapaneseDate.TryParse(input, out DateOnly date, out string error));
        Assert.Equal(default, date);
        Assert.StartsWith($"{era}の期間（", error);
    }

    [Fact]
    public void Era_error_names_the_era_s_span_so_the_clerk_can_correct_it()
    {
        JapaneseDate.TryParse("平成31年5月1日", out _, out string heisei);
        JapaneseDate.TryParse("令和元年4月30日", out _, out string reiwa);

        Assert.Equal("平成の期間（1989年1月8日〜2019年4月30日）外の日付です。元号と年月日をご確認ください。", heisei);
        Assert.Equal("令和の期間（2019年5月1日〜）外の日付です。元号と年月日をご確認ください。", reiwa);
    }

    [Theory]
    [InlineData("明治0年12月1日")] // 明治0年 would be 1867, before any era we know
    [InlineData("M0.1.1")] // the same with the era letter
    public void Rejects_an_era_year_before_1868(string input)
    {
        Assert.False(JapaneseDate.TryParse(input, out DateOnly date, out string error));
        Assert.Equal(default, date);
        Assert.Equal(JapaneseDate.BeforeMeijiError, error);
    }

    [Theory]
    [InlineData("平成4年2月29日", 1992)] // 1992 is a leap year
    [InlineData("2000-02-29", 2000)] // divisible by 400: leap year
    [InlineData("20240229", 2024)] // eight-digit form in a leap year
    public void Accepts_29_February_in_a_leap_year(string input, int year)
    {
        Assert.True(JapaneseDate.TryParse(input, out DateOnly date, out _));
        Assert.Equal(new DateOnly(year, 2, 29), date);
    }

    [Theory]
    [InlineData("平成5年2月29日")] // 1993 is not a leap year
    [InlineData("1900-02-29")] // divisible by 100 but not 400: not a leap year
    [InlineData("1985年2月30日")] // February never has 30 days
    [InlineData("1985-04-31")] // April has 30 days
    [InlineData("1985-13-01")] // month 13
    [InlineData("昭和60年13月1日")] // month 13 with an era
    [InlineData("1985-00-12")] // month 0
    [InlineData("1985-04-00")] // day 0
    [InlineData("S60.4.0")] // day 0 with an era
    [InlineData("19851301")] // month 13 in the eight-digit form
    [InlineData("19850230")] // 30 February in the eight-digit form
    [InlineData("0000-01-01")] // there is no year 0
    public void Rejects_a_day_that_does_not_exist(string input)
    {
        Assert.False(JapaneseDate.TryParse(input, out DateOnly date, out string error));
        Assert.Equal(default, date);
        Assert.Equal(JapaneseDate.NonexistentDateError, error);
    }

    [Theory]
    [InlineData(null)] // missing cell
    [InlineData("")] // empty cell
    [InlineData("   ")] // only spaces
    [InlineData("1985-04")] // no day
    [InlineData("1985-04-12-01")] // an extra part
    [InlineData("1985/04-12")] // mixed separators
    [InlineData("85-04-12")] // two-digit year is ambiguous without an era
    [InlineData("01985-04-12")] // five-digit year
    [InlineData("1985-004-12")] // three-digit month
    [InlineData("1985-04-123")] // three-digit day
    [InlineData("1985412")] // seven digits cannot be split unambiguously
    [InlineData("198504120")] // nine digits
    [InlineData("1985年4月12")] // 日 missing
    [InlineData("1985年4-12")] // kanji and hyphen mixed
    [InlineData("1985 04 12")] // spaces as separators
    [InlineData("昭和 60年4月12日")] // space between era and year
    [InlineData("昭和60年4月12日生")] // trailing text
    [InlineData("X60.4.12")] // unknown era letter
    [InlineData("ſ60.4.12")] // long s, which Unicode upper-cases to S
    [InlineData("SS60.4.12")] // era letter doubled
    [InlineData("S600412")] // era with the eight-digit form is not a thing
    [InlineData("S.60.4.12")] // dot after the era letter
    [InlineData("昭和1985年4月12日")] // four-digit year after an era
    [InlineData("R元.5.1")] // 元 is only used as 元年
    [InlineData("元年5月1日")] // 元年 without an era
    [InlineData("1985−04−12")] // minus sign is not one of the accepted separators
    [InlineData("12/04/1985")] // day-first order is not used in Japan
    [InlineData("Apr 12 1985")] // English month name
    [InlineData("1985-04-12T00:00:00")] // a timestamp
    [InlineData("1985-04-12 1985-04-12 1985-04-12 1985-04-12")] // longer than any date form could be
    public void Rejects_an_unrecognised_format(string? input)
    {
        Assert.False(JapaneseDate.TryParse(input, out DateOnly date, out string error));
        Assert.Equal(default, date);
        Assert.Equal(JapaneseDate.FormatError, error);
    }

    [Fact]
    public void Does_not_judge_future_dates_because_the_caller_has_the_clock()
    {
        Assert.True(JapaneseDate.TryParse("R50.1.1", out DateOnly date, out _));
        Assert.Equal(new DateOnly(2068, 1, 1), date);
    }

    [Fact]
    public void Each_kind_of_error_has_its_own_message()
    {
        JapaneseDate.TryParse("平成31年5月1日", out _, out string outsideEra);
        string[] messages = [JapaneseDate.FormatError, JapaneseDate.NonexistentDateError, JapaneseDate.BeforeMeijiError, outsideEra];

        Assert.Equal(messages.Length, messages.Distinct().Count());
    }
}
