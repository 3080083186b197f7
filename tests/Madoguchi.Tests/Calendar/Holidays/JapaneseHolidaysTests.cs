using Madoguchi.Calendar.Holidays;

namespace Madoguchi.Tests.Calendar.Holidays;

public sealed class JapaneseHolidaysTests
{
    [Theory]
    [InlineData(1973, 4, 30)] // 天皇誕生日 4/29 on Sunday, 18 days after the substitute rule took effect (1973-04-12): the first 振替休日
    [InlineData(2006, 1, 2)] // 元日 on Sunday in the last year of the next-day-only rule
    [InlineData(1987, 5, 4)] // 憲法記念日 on Sunday before 2007: the substitute wins over the 国民の休日 the day would otherwise be
    [InlineData(2008, 5, 6)] // みどりの日 5/4 on Sunday: 5/5 is a holiday, so the 2007 rule moves on to 5/6
    [InlineData(2009, 5, 6)] // 憲法記念日 5/3 on Sunday: two holidays follow, the substitute lands two days later
    [InlineData(2019, 5, 6)] // こどもの日 on Sunday, right after the ten-day 2019 Golden Week
    [InlineData(2019, 8, 12)] // 山の日 on Sunday
    [InlineData(2020, 2, 24)] // the new 天皇誕生日 2/23 on Sunday in its first year
    [InlineData(2021, 8, 9)] // 山の日 moved to Sunday 8/8 for the Olympics still gets its substitute
    [InlineData(2027, 3, 22)] // 春分の日 on Sunday in the last shipped year
    [InlineData(2030, 8, 12)] // 山の日 on Sunday beyond the shipped list
    public void A_holiday_on_sunday_gives_a_substitute_rest_day(int year, int month, int day)
    {
        Assert.Equal(JapaneseHolidays.RestDayName, NameOn(new DateOnly(year, month, day)));
    }

    [Fact]
    public void A_sunday_holiday_before_april_1973_has_no_substitute()
    {
        // 建国記念の日 1973-02-11 fell on Sunday two months before the substitute rule existed.
        Assert.Equal(DayOfWeek.Sunday, new DateOnly(1973, 2, 11).DayOfWeek);
        Assert.Null(NameOn(new DateOnly(1973, 2, 12)));
    }

    [Theory]
    [InlineData(1988, 5, 4)] // the first 国民の休日: a Wednesday between 憲法記念日 and こどもの日
    [InlineData(1991, 5, 4)] // a Saturday counts: only Sundays were left out before 2007
    [InlineData(2009, 9, 22)] // between 敬老の日 9/21 and 秋分の日 9/23, the first such September
    [InlineData(2015, 9, 22)] // the same September pattern again
    [InlineData(2026, 9, 22)] // the same pattern in a year booked now
    [InlineData(2032, 9, 21)] // beyond the shipped list: 敬老の日 9/20 and 秋分の日 9/22
    [InlineData(2019, 4, 30)] // between 昭和の日 and the enthronement day 5/1, which counted as a national holiday
    [InlineData(2019, 5, 2)] // between the enthronement day and 憲法記念日
    public void A_weekday_between_two_holidays_is_a_citizens_holiday(int year, int month, int day)
    {
        Assert.Equal(JapaneseHolidays.RestDayName, NameOn(new DateOnly(year, month, day)));
    }

    [Fact]
    public void Before_2007_a_sunday_between_two_holidays_stays_a_plain_sunday()
    {
        // 1997-05-04 was Sunday between 憲法記念日 and こどもの日; the 1985 rule left Sundays out.
        Assert.Null(NameOn(new DateOnly(1997, 5, 4)));
    }

    [Fact]
    public void The_2019_enthronement_days_carry_the_official_lists_name()
    {
        Assert.Equal("休日（祝日扱い）", NameOn(new DateOnly(2019, 5, 1)));
        Assert.Equal("休日（祝日扱い）", NameOn(new DateOnly(2019, 10, 22)));
    }

    [Theory]
    [InlineData(1959, 4, 10, "結婚の儀")] // the then crown prince Akihito's wedding
    [InlineData(1989, 2, 24, "大喪の礼")] // Emperor Shōwa's funeral
    [InlineData(1990, 11, 12, "即位礼正殿の儀")] // Emperor Akihito's enthronement ceremony
    [InlineData(1993, 6, 9, "結婚の儀")] // the then crown prince Naruhito's wedding
    public void One_off_days_made_holidays_by_their_own_laws(int year, int month, int day, string name)
    {
        Assert.Equal(name, NameOn(new DateOnly(year, month, day)));
    }

    [Theory]
    [InlineData(2012, 3, 20, 9, 22)] // 秋分の日 on 9/22 for the first time since 1896
    [InlineData(2027, 3, 21, 9, 23)] // the last shipped year
    [InlineData(2028, 3, 20, 9, 22)] // the first year computed, not listed
    [InlineData(2030, 3, 20, 9, 23)]
    [InlineData(2044, 3, 20, 9, 22)]
    [InlineData(2050, 3, 20, 9, 23)]
    [InlineData(2092, 3, 19, 9, 22)] // 春分の日 on 3/19 for the first time under the law, a well-known value of the formula
    [InlineData(1979, 3, 21, 9, 24)] // the 1900–1979 constants: 秋分の日 on 9/24
    public void Equinox_days_follow_the_approximation_formula(int year, int springMonth, int springDay, int autumnMonth, int autumnDay)
    {
        IReadOnlyList<NationalHoliday> holidays = JapaneseHolidays.Compute(year);

        Assert.Equal(new DateOnly(year, springMonth, springDay), holidays.Single(h => h.Name == "春分の日").Date);
        Assert.Equal(new DateOnly(year, autumnMonth, autumnDay), holidays.Single(h => h.Name == "秋分の日").Date);
    }

    [Fact]
    public void The_2020_olympics_moved_three_holidays_into_summer()
    {
        Assert.Equal("海の日", NameOn(new DateOnly(2020, 7, 23)));
        Assert.Equal("スポーツの日", NameOn(new DateOnly(2020, 7, 24)));
        Assert.Equal("山の日", NameOn(new DateOnly(2020, 8, 10)));
        // Their usual days: 3rd Monday of July, 8/11, 2nd Monday of October.
        Assert.Null(NameOn(new DateOnly(2020, 7, 20)));
        Assert.Null(NameOn(new DateOnly(2020, 8, 11)));
        Assert.Null(NameOn(new DateOnly(2020, 10, 12)));
    }

    [Fact]
    public void The_postponed_olympics_moved_them_again_in_2021()
    {
        Assert.Equal("海の日", NameOn(new DateOnly(2021, 7, 22)));
        Assert.Equal("スポーツの日", NameOn(new DateOnly(2021, 7, 23)));
        Assert.Equal("山の日", NameOn(new DateOnly(2021, 8, 8)));
        Assert.Equal(JapaneseHolidays.RestDayName, NameOn(new DateOnly(2021, 8, 9)));
        Assert.Null(NameOn(new DateOnly(2021, 7, 19)));
        Assert.Null(NameOn(new DateOnly(2021, 8, 11)));
        Assert.Null(NameOn(new DateOnly(2021, 10, 11)));
    }

    [Fact]
    public void The_emperors_birthday_follows_the_reigning_emperor()
    {
        Assert.Equal("天皇誕生日", NameOn(new DateOnly(1988, 4, 29))); // Emperor Shōwa's last
        Assert.Equal("みどりの日", NameOn(new DateOnly(1989, 4, 29)));
        Assert.Equal("天皇誕生日", NameOn(new DateOnly(1989, 12, 23))); // Emperor Akihito's first
        Assert.Equal("天皇誕生日", NameOn(new DateOnly(2018, 12, 23))); // and last
        Assert.DoesNotContain(JapaneseHolidays.Compute(2019), h => h.Name == "天皇誕生日"); // the abdication came before 12/23
        Assert.Equal("天皇誕生日", NameOn(new DateOnly(2020, 2, 23))); // Emperor Naruhito's first
        Assert.Null(NameOn(new DateOnly(2020, 12, 23)));
    }

    [Fact]
    public void Mountain_day_begins_in_2016()
    {
        Assert.Null(NameOn(new DateOnly(2015, 8, 11)));
        Assert.Equal("山の日", NameOn(new DateOnly(2016, 8, 11)));
    }

    [Fact]
    public void Sports_day_is_renamed_in_2019_as_the_official_list_writes_it()
    {
        Assert.Equal("体育の日", NameOn(new DateOnly(2018, 10, 8)));
        Assert.Equal("体育の日（スポーツの日）", NameOn(new DateOnly(2019, 10, 14)));
        Assert.Equal("スポーツの日", NameOn(new DateOnly(2022, 10, 10)));
    }

    [Theory]
    [InlineData(JapaneseHolidays.FirstYear)]
    [InlineData(2026)]
    [InlineData(JapaneseHolidays.LastYear)]
    public void Every_year_comes_ordered_by_date_without_duplicates(int year)
    {
        IReadOnlyList<NationalHoliday> holidays = JapaneseHolidays.Compute(year);

        Assert.Equal(holidays.OrderBy(h => h.Date), holidays);
        Assert.Equal(holidays.Count, holidays.Select(h => h.Date).Distinct().Count());
        Assert.All(holidays, h => Assert.Equal(year, h.Date.Year));
    }

    [Theory]
    [InlineData(JapaneseHolidays.FirstYear - 1)] // before the 1948 law's first full year
    [InlineData(JapaneseHolidays.LastYear + 1)] // past the range of the equinox constants
    public void Years_outside_the_rules_range_are_refused(int year)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JapaneseHolidays.Compute(year));
    }

    private static string? NameOn(DateOnly date) =>
        JapaneseHolidays.Compute(date.Year).Where(h => h.Date == date).Select(h => h.Name).SingleOrDefault();
}
