namespace Madoguchi.Calendar.Holidays;

public readonly record struct NationalHoliday(DateOnly Date, string Name);

/// <summary>
/// The national holidays as the 祝日法 (国民の祝日に関する法律, 1948) and its amendments define them, named as the
/// Cabinet Office's syukujitsu.csv names them. Used for the years that the official list does not cover yet.
/// </summary>
public static class JapaneseHolidays
{
    public const int FirstYear = 1949;
    public const int LastYear = 2099;

    /// <summary>The official list's name for both a 振替休日 and a 国民の休日.</summary>
    public const string RestDayName = "休日";

    private static readonly DateOnly s_substituteHolidaysFrom = new(1973, 4, 12);
    private static readonly DateOnly s_nearestFreeDaySubstituteFrom = new(2007, 1, 1);
    private static readonly DateOnly s_citizensHolidaysFrom = new(1985, 12, 27);

    // Days made holidays by laws of their own. The 2019 enthronement law has 5/1 and 10/22 count as 国民の祝日
    // for the 国民の休日 rule, which is what makes 4/30 and 5/2 of that year rest days.
    private static readonly Dictionary<DateOnly, string> s_oneOffHolidays = new()
    {
        [new DateOnly(1959, 4, 10)] = "結婚の儀",
        [new DateOnly(1989, 2, 24)] = "大喪の礼",
        [new DateOnly(1990, 11, 12)] = "即位礼正殿の儀",
        [new DateOnly(1993, 6, 9)] = "結婚の儀",
        [new DateOnly(2019, 5, 1)] = "休日（祝日扱い）",
        [new DateOnly(2019, 10, 22)] = "休日（祝日扱い）",
    };

    public static IReadOnlyList<NationalHoliday> Compute(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastYear);

        Dictionary<DateOnly, string> statutory = StatutoryHolidays(year).ToDictionary(h => h.Date, h => h.Name);
        var restDays = new SortedDictionary<DateOnly, string>(statutory);
        AddSubstituteHolidays(statutory, restDays);
        AddCitizensHolidays(statutory, restDays);
        return [.. restDays.Select(day => new NationalHoliday(day.Key, day.Value))];
    }

    private static IEnumerable<NationalHoliday> StatutoryHolidays(int year)
    {
        yield return new(new DateOnly(year, 1, 1), "元日");
        yield return new(year < 2000 ? new DateOnly(year, 1, 15) : NthMonday(year, 1, 2), "成人の日");
        if (year >= 1967)
        {
            yield return new(new DateOnly(year, 2, 11), "建国記念の日");
        }

        if (year >= 2020)
        {
            yield return new(new DateOnly(year, 2, 23), "天皇誕生日");
        }

        yield return new(new DateOnly(year, 3, VernalEquinoxDay(year)), "春分の日");
        yield return new(new DateOnly(year, 4, 29), year switch
        {
            <= 1988 => "天皇誕生日",
            <= 2006 => "みどりの日",
            _ => "昭和の日",
        });
        yield return new(new DateOnly(year, 5, 3), "憲法記念日");
        if (year >= 2007)
        {
            yield return new(new DateOnly(year, 5, 4), "みどりの日");
        }

        yield return new(new DateOnly(year, 5, 5), "こどもの日");
        if (year >= 1996)
        {
            DateOnly marineDay = year switch
            {
                <= 2002 => new DateOnly(year, 7, 20),
                2020 => new DateOnly(2020, 7, 23),
                2021 => new DateOnly(2021, 7, 22),
                _ => NthMonday(year, 7, 3),
            };
            yield return new(marineDay, "海の日");
        }

        if (year >= 2016)
        {
            DateOnly mountainDay = year switch
            {
                2020 => new DateOnly(2020, 8, 10),
                2021 => new DateOnly(2021, 8, 8),
                _ => new DateOnly(year, 8, 11),
            };
            yield return new(mountainDay, "山の日");
        }

        if (year >= 1966)
        {
            yield return new(year <= 2002 ? new DateOnly(year, 9, 15) : NthMonday(year, 9, 3), "敬老の日");
        }

        yield return new(new DateOnly(year, 9, AutumnalEquinoxDay(year)), "秋分の日");
        if (year >= 1966)
        {
            yield return year switch
            {
                <= 1999 => new(new DateOnly(year, 10, 10), "体育の日"),
                <= 2018 => new(NthMonday(year, 10, 2), "体育の日"),
                // The renaming law was passed in 2018 and took effect in 2020; the official list names 2019's day so.
                2019 => new(NthMonday(year, 10, 2), "体育の日（スポーツの日）"),
                2020 => new(new DateOnly(2020, 7, 24), "スポーツの日"),
                2021 => new(new DateOnly(2021, 7, 23), "スポーツの日"),
                _ => new(NthMonday(year, 10, 2), "スポーツの日"),
            };
        }

        yield return new(new DateOnly(year, 11, 3), "文化の日");
        yield return new(new DateOnly(year, 11, 23), "勤労感謝の日");
        if (year is >= 1989 and <= 2018)
        {
            yield return new(new DateOnly(year, 12, 23), "天皇誕生日");
        }

        foreach ((DateOnly date, string name) in s_oneOffHolidays)
        {
            if (date.Year == year)
            {
                yield return new(date, name);
            }
        }
    }

    // 振替休日: from 1973-04-12 the day after a holiday on Sunday; from 2007 the first following day that is not a holiday.
    private static void AddSubstituteHolidays(Dictionary<DateOnly, string> statutory, SortedDictionary<DateOnly, string> restDays)
    {
        foreach (DateOnly holiday in statutory.Keys)
        {
            if (holiday.DayOfWeek != DayOfWeek.Sunday || holiday < s_substituteHolidaysFrom)
            {
                continue;
            }

            DateOnly substitute = holiday.AddDays(1);
            if (holiday >= s_nearestFreeDaySubstituteFrom)
            {
                while (statutory.ContainsKey(substitute))
                {
                    substitute = substitute.AddDays(1);
                }
            }
            else if (statutory.ContainsKey(substitute))
            {
                continue;
            }

            restDays.TryAdd(substitute, RestDayName);
        }
    }

    // 国民の休日: from 1985-12-27 a day between two holidays that is not itself a holiday nor a 振替休日,
    // and until 2006 not a Sunday either.
    private static void AddCitizensHolidays(Dictionary<DateOnly, string> statutory, SortedDictionary<DateOnly, string> restDays)
    {
        foreach (DateOnly holiday in statutory.Keys)
        {
            DateOnly between = holiday.AddDays(1);
            bool sundayExcluded = between.Year < 2007 && between.DayOfWeek == DayOfWeek.Sunday;
            if (between >= s_citizensHolidaysFrom
                && statutory.ContainsKey(holiday.AddDays(2))
                && !restDays.ContainsKey(between)
                && !sundayExcluded)
            {
                restDays.Add(between, RestDayName);
            }
        }
    }

    private static DateOnly NthMonday(int year, int month, int nth)
    {
        var first = new DateOnly(year, month, 1);
        int toMonday = ((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toMonday + (7 * (nth - 1)));
    }

    // The approximation formula commonly derived from the 海上保安庁 ephemeris, with its two sets of constants for
    // 1900–1979 and 1980–2099. The leap-year correction relies on integer division truncating toward zero.
    private static int VernalEquinoxDay(int year) => EquinoxDay(year, year < 1980 ? 20.8357m : 20.8431m);

    private static int AutumnalEquinoxDay(int year) => EquinoxDay(year, year < 1980 ? 23.2588m : 23.2488m);

    private static int EquinoxDay(int year, decimal constant)
    {
        int leapCorrection = year < 1980 ? (year - 1983) / 4 : (year - 1980) / 4;
        return (int)decimal.Floor(constant + (0.242194m * (year - 1980)) - leapCorrection);
    }
}
