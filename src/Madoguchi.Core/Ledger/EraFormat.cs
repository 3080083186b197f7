namespace Madoguchi.Ledger;

/// <summary>Writes a date in the Japanese era (和暦), as staff read dates of birth on ID documents.</summary>
public static class EraFormat
{
    private static readonly (DateOnly Start, string Name)[] Eras =
    [
        (new DateOnly(2019, 5, 1), "令和"),
        (new DateOnly(1989, 1, 8), "平成"),
        (new DateOnly(1926, 12, 25), "昭和"),
        (new DateOnly(1912, 7, 30), "大正"),
        (new DateOnly(1868, 10, 23), "明治"),
    ];

    public static string Japanese(DateOnly date)
    {
        foreach (var (start, name) in Eras)
        {
            if (date >= start)
            {
                var year = date.Year - start.Year + 1;
                return $"{name}{(year == 1 ? "元" : year.ToString(System.Globalization.CultureInfo.InvariantCulture))}年{date.Month}月{date.Day}日";
            }
        }

        return $"{date.Year}年{date.Month}月{date.Day}日";
    }
}
