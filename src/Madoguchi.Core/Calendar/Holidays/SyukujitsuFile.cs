using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Madoguchi.Calendar.Holidays;

/// <summary>
/// What <see cref="SyukujitsuFile.Read"/> found. When <see cref="Errors"/> is not empty, <see cref="Holidays"/> is
/// empty and the years are 0: nothing of such a file is to be used.
/// </summary>
public sealed record SyukujitsuReadResult(
    IReadOnlyList<NationalHoliday> Holidays,
    IReadOnlyList<string> Errors,
    int FirstYear,
    int LastYear);

/// <summary>
/// The Cabinet Office's list of national holidays (syukujitsu.csv): a header line, then one "yyyy/M/d,name" line
/// per holiday, Shift_JIS with CRLF as published.
/// </summary>
public static class SyukujitsuFile
{
    public const string Header = "国民の祝日・休日月日,国民の祝日・休日名称";

    private const string WriteDateFormat = "yyyy/M/d";
    private static readonly string[] s_readDateFormats = [WriteDateFormat, "yyyy-MM-dd"];
    private static readonly Encoding s_shiftJis = ShiftJis();

    public static SyukujitsuReadResult Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);

        string text = Decode(stream);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Failed("ファイルが空です。内閣府のページから取得した syukujitsu.csv をそのまま指定してください。");
        }

        string[] lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        if (lines[0].Trim() != Header)
        {
            return Failed($"1行目: 見出しが「{Header}」ではありません。内閣府のページから取得した syukujitsu.csv をそのまま指定してください。");
        }

        var errors = new List<string>();
        var holidays = new List<NationalHoliday>();
        var lineOfDate = new Dictionary<DateOnly, int>();
        for (int index = 1; index < lines.Length; index++)
        {
            int lineNumber = index + 1;
            string line = lines[index];
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string[] fields = line.Split(',').Select(Unquote).ToArray();
            if (fields.Length != 2)
            {
                errors.Add($"{lineNumber}行目: 「{line}」が「日付,名称」の2列になっていません。「2027/1/1,元日」の形に直してください。");
                continue;
            }

            if (!DateOnly.TryParseExact(fields[0], s_readDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
            {
                errors.Add($"{lineNumber}行目: 日付「{fields[0]}」が読めません。「2027/2/11」のように実在する年/月/日で書いてください。");
                continue;
            }

            if (fields[1].Length == 0)
            {
                errors.Add($"{lineNumber}行目: {Format(date)} の名称が空です。祝日・休日の名称を書いてください。");
                continue;
            }

            if (!lineOfDate.TryAdd(date, lineNumber))
            {
                errors.Add($"{lineNumber}行目: {Format(date)} は{lineOfDate[date]}行目にもあります。どちらか一方を消してください。");
                continue;
            }

            holidays.Add(new NationalHoliday(date, fields[1]));
        }

        if (errors.Count > 0)
        {
            return new SyukujitsuReadResult([], errors, 0, 0);
        }

        if (holidays.Count == 0)
        {
            return Failed("祝日の行がありません。内閣府のページから取得した syukujitsu.csv をそのまま指定してください。");
        }

        holidays.Sort((left, right) => left.Date.CompareTo(right.Date));
        return new SyukujitsuReadResult(holidays, [], holidays[0].Date.Year, holidays[^1].Date.Year);
    }

    public static void Write(TextWriter writer, IEnumerable<NationalHoliday> holidays)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(holidays);

        writer.Write(Header + "\r\n");
        foreach (NationalHoliday holiday in holidays.OrderBy(h => h.Date))
        {
            if (holiday.Name.Length == 0 || holiday.Name.IndexOfAny([',', '\r', '\n', '"']) >= 0)
            {
                throw new ArgumentException($"{Format(holiday.Date)} の名称「{holiday.Name}」は一覧に書けません。空でなく、カンマ・改行・引用符を含まない名称にしてください。", nameof(holidays));
            }

            writer.Write($"{Format(holiday.Date)},{holiday.Name}\r\n");
        }
    }

    private static string Decode(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        ReadOnlySpan<byte> bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        ReadOnlySpan<byte> utf8Bom = [0xEF, 0xBB, 0xBF];
        if (bytes.StartsWith(utf8Bom))
        {
            return Encoding.UTF8.GetString(bytes[utf8Bom.Length..]);
        }

        // Shift_JIS text with any Japanese in it is practically never valid UTF-8, and the header always has some.
        return Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : s_shiftJis.GetString(bytes);
    }

    private static string Unquote(string field)
    {
        string trimmed = field.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1].Trim() : trimmed;
    }

    private static string Format(DateOnly date) => date.ToString(WriteDateFormat, CultureInfo.InvariantCulture);

    private static SyukujitsuReadResult Failed(string error) => new([], [error], 0, 0);

    private static Encoding ShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932);
    }
}
