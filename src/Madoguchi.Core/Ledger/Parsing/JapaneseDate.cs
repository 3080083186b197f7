using System.Text;

namespace Madoguchi.Ledger.Parsing;

/// <summary>
/// Reads a date written the ways Japanese ledgers write it: 1985-04-12, 1985/4/12, 1985.4.12, 19850412, 1985年4月12日,
/// or with an era: 昭和60年4月12日, S60.4.12, 令和元年5月1日. Full-width characters are accepted.
/// Whether the date may lie in the future is for the caller to decide.
/// </summary>
public static class JapaneseDate
{
    internal const string FormatError =
        "日付の形式が正しくありません。「1985-04-12」「1985/4/12」「19850412」「1985年4月12日」「昭和60年4月12日」「S60.4.12」のいずれかの形式で入力してください。";

    internal const string NonexistentDateError = "存在しない日付です。月と日をご確認のうえ、正しい日付を入力してください。";

    internal const string BeforeMeijiError = "明治より前の年は和暦では入力できません。元号と年をご確認いただくか、西暦で入力してください。";

    // Comfortably longer than the longest accepted form (" 昭和６０年１２月３１日 " after trimming is 11 characters).
    private const int MaxLength = 32;

    private static readonly Era[] Eras =
    [
        new("明治", 'M', '\u337E', new DateOnly(1868, 10, 23), new DateOnly(1912, 7, 29)),
        new("大正", 'T', '\u337D', new DateOnly(1912, 7, 30), new DateOnly(1926, 12, 24)),
        new("昭和", 'S', '\u337C', new DateOnly(1926, 12, 25), new DateOnly(1989, 1, 7)),
        new("平成", 'H', '\u337B', new DateOnly(1989, 1, 8), new DateOnly(2019, 4, 30)),
        new("令和", 'R', '\u32FF', new DateOnly(2019, 5, 1), null),
    ];

    public static bool TryParse(string? input, out DateOnly date, out string error)
    {
        scoped ReadOnlySpan<char> text = input.AsSpan().Trim();
        if (text.Length is 0 or > MaxLength)
        {
            return Fail(FormatError, out date, out error);
        }

        // Plain ASCII input (nearly every row of a national file) is read in place; only the rest is copied to half-width.
        Span<char> halfWidth = stackalloc char[MaxLength];
        if (!Ascii.IsValid(text))
        {
            for (int i = 0; i < text.Length; i++)
            {
                halfWidth[i] = CharacterWidth.ToHalfWidth(text[i]);
            }

            text = halfWidth[..text.Length];
        }

        if (!TryReadParts(text, out Era? era, out int year, out int month, out int day))
        {
            return Fail(FormatError, out date, out error);
        }

        return TryResolve(era, year, month, day, out date, out error);
    }

    private static bool TryReadParts(ReadOnlySpan<char> text, out Era? era, out int year, out int month, out int day)
    {
        month = 0;
        day = 0;
        int position = 0;
        era = ReadEra(text, ref position);
        if (era is not null && position < text.Length && text[position] == '元')
        {
            year = 1;
            position++;
            if (position == text.Length || text[position] != '年')
            {
                return false;
            }
        }
        else
        {
            int yearDigits = ReadNumber(text, ref position, out year);
            if (era is null && yearDigits == 8 && position == text.Length)
            {
                (year, month, day) = (year / 10000, year / 100 % 100, year % 100);
                return true;
            }

            bool yearFits = era is null ? yearDigits == 4 : yearDigits is >= 1 and <= 3;
            if (!yearFits || position == text.Length)
            {
                return false;
            }
        }

        char separator = text[position++];
        (char afterMonth, char afterDay) = separator switch
        {
            '年' => ('月', '日'),
            '-' or '/' or '.' => (separator, '\0'),
            _ => ('\0', '\0'),
        };
        if (afterMonth == '\0'
            || ReadNumber(text, ref position, out month) is < 1 or > 2
            || !Skip(text, ref position, afterMonth)
            || ReadNumber(text, ref position, out day) is < 1 or > 2)
        {
            return false;
        }

        if (afterDay != '\0' && !Skip(text, ref position, afterDay))
        {
            return false;
        }

        return position == text.Length;
    }

    private static Era? ReadEra(ReadOnlySpan<char> text, ref int position)
    {
        char first = text[0];
        if (char.IsAsciiDigit(first))
        {
            return null;
        }

        foreach (Era era in Eras)
        {
            if (text.StartsWith(era.Name))
            {
                position = era.Name.Length;
                return era;
            }

            if (first == era.Letter || first == char.ToLowerInvariant(era.Letter) || first == era.Ligature)
            {
                position = 1;
                return era;
            }
        }

        return null;
    }

    /// <summary>Returns how many ASCII digits were read; the value is only meaningful for up to nine of them.</summary>
    private static int ReadNumber(ReadOnlySpan<char> text, ref int position, out int value)
    {
        value = 0;
        int start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            if (position - start < 9)
            {
                value = (value * 10) + (text[position] - '0');
            }

            position++;
        }

        return position - start;
    }

    private static bool Skip(ReadOnlySpan<char> text, ref int position, char expected)
    {
        if (position < text.Length && text[position] == expected)
        {
            position++;
            return true;
        }

        return false;
    }

    private static bool TryResolve(Era? era, int yearNumber, int month, int day, out DateOnly date, out string error)
    {
        int year = era is null ? yearNumber : era.Start.Year + yearNumber - 1;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return Fail(NonexistentDateError, out date, out error);
        }

        if (era is not null)
        {
            if (year < Eras[0].Start.Year)
            {
                return Fail(BeforeMeijiError, out date, out error);
            }

            DateOnly candidate = new(year, month, day);
            if (candidate < era.Start || candidate > era.End)
            {
                return Fail(era.OutOfRangeError, out date, out error);
            }
        }

        date = new DateOnly(year, month, day);
        error = "";
        return true;
    }

    private static bool Fail(string message, out DateOnly date, out string error)
    {
        date = default;
        error = message;
        return false;
    }

    private sealed class Era(string name, char letter, char ligature, DateOnly start, DateOnly? end)
    {
        public string Name { get; } = name;

        public char Letter { get; } = letter;

        /// <summary>The single-character form such as ㍻ that older systems still output.</summary>
        public char Ligature { get; } = ligature;

        public DateOnly Start { get; } = start;

        public DateOnly End { get; } = end ?? DateOnly.MaxValue;

        public string OutOfRangeError { get; } =
            $"{name}の期間（{JapaneseDay(start)}〜{(end is { } last ? JapaneseDay(last) : "")}）外の日付です。元号と年月日をご確認ください。";

        private static string JapaneseDay(DateOnly day)
        {
            return $"{day.Year}年{day.Month}月{day.Day}日";
        }
    }
}
