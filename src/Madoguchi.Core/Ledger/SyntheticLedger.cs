using System.Buffers;

namespace Madoguchi.Ledger;

/// <summary>
/// One row of a synthetic My Number card issuance ledger (交付管理簿). Every person in it is fictional.
/// </summary>
public sealed record SyntheticCard(string ManagementNumber, string Name, DateOnly BirthDate, string Sex, string Address, string Kind, DateOnly Arrived);

/// <summary>
/// Deterministic generator of a synthetic issuance ledger shaped like the national CSV import,
/// used by demo mode, the import benchmark and tests.
/// </summary>
/// <remarks>
/// The same <c>count</c>, <c>seed</c> and <c>today</c> always give the same rows, and
/// <see cref="WriteCsv"/> writes exactly the rows that <see cref="Cards"/> yields.
/// Management numbers are a keyed permutation of the row index, so they never repeat within one call.
/// Names and addresses include characters that only CP932 has beyond JIS X 0208 (髙, 﨑), and a few
/// addresses contain ASCII quotes or commas so that CSV quoting is exercised.
/// </remarks>
public static class SyntheticLedger
{
    public const string Header = "管理番号,氏名,生年月日,性別,住所,申請区分,到着日";

    internal const string SexMale = "男";
    internal const string SexFemale = "女";
    internal const string KindNew = "新規";
    internal const string KindReissue = "再交付";
    internal const string KindRenewal = "更新";
    internal const string AddressPrefix = "長野県上田市";

    private const string LineEnd = "\r\n";
    private const int FlushThreshold = 32 * 1024;
    private const int MaxAge = 100;

    // A newborn needs birth registration, an application and about a month of card production,
    // so nobody is younger than this when the card arrives.
    private const int MinAgeInDaysAtGeneration = 90;
    private const int ArrivalWindowDays = 60;

    // Management number space: [A-Z][0-9A-Z][0-9A-Z] followed by six digits.
    private const long PrefixCount = 26L * 36 * 36;
    private const long NumberSpace = PrefixCount * 1_000_000;

    // Smallest h with h * h >= NumberSpace; the Feistel permutation works on [0, h * h) and cycle-walks into NumberSpace.
    private const long FeistelHalf = 183_565;

    private const string Alphanumerics = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string KanjiNumerals = "〇一二三四五六七八九";

    private static readonly SearchValues<char> CsvSpecials = SearchValues.Create(",\"\r\n");

    private static readonly string[] FamilyNames =
    [
        "佐藤", "鈴木", "高橋", "髙橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林",
        "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "清水",
        "山崎", "山﨑", "宮坂", "柳沢", "小宮山", "滝沢", "丸山", "竹内", "宮下", "北沢",
        "関", "荻原", "小山", "中島", "斎藤", "池田", "橋本", "石井", "原", "金子",
        "中山", "藤田", "西沢", "宮沢", "唐沢", "塩入", "飯島", "堀内", "土屋", "依田",
        "金井", "成沢", "上原", "小池", "横山", "岡田", "髙木", "宮﨑", "窪田", "市川",
        "小松", "百瀬", "赤羽", "矢島", "臼田", "桜井", "春日", "工藤", "坂口", "半田",
    ];

    // Given names typical of people under 35 ("modern") and of older people ("classic"); RowSource picks by age.
    private static readonly string[] MaleModernNames =
    [
        "翔太", "大輝", "拓海", "健太", "蓮", "悠真", "湊", "陽翔", "大翔", "悠人",
        "颯太", "陸", "翼", "樹", "蒼", "奏太", "優斗", "晴", "朝陽", "律",
    ];

    private static readonly string[] MaleClassicNames =
    [
        "誠", "浩", "隆", "博", "茂", "実", "勇", "清", "進", "正雄",
        "和夫", "一郎", "健一", "浩二", "修", "稔", "哲也", "直樹", "達也", "和也",
        "大介", "聡", "学", "剛", "昭", "幸男",
    ];

    private static readonly string[] FemaleModernNames =
    [
        "陽菜", "結衣", "葵", "芽依", "凛", "咲良", "美咲", "彩花", "七海", "結菜",
        "紬", "美月", "さくら", "心春", "杏", "莉子", "花音", "楓", "ひまり", "澪",
    ];

    private static readonly string[] FemaleClassicNames =
    [
        "花子", "幸子", "恵子", "洋子", "和子", "節子", "京子", "久美子", "由美子", "真由美",
        "裕子", "直美", "智子", "恵美", "明美", "典子", "香織", "麻衣", "沙織", "彩",
        "舞", "優子", "千尋", "陽子", "良子", "文子",
    ];

    // Towns (町・大字) of Ueda City. MaxChome > 0 marks towns addressed as 〇丁目〇番〇号 (the upper bound is conservative);
    // the others are addressed by 番地.
    private static readonly (string Name, int MaxChome)[] Towns =
    [
        ("大手", 2), ("中央", 6), ("中央西", 2), ("中央北", 2), ("天神", 4), ("常田", 3), ("材木町", 2),
        ("常磐城", 3), ("踏入", 2), ("上田", 0), ("緑が丘", 0), ("古里", 0), ("秋和", 0), ("上塩尻", 0),
        ("下塩尻", 0), ("下之郷", 0), ("中之条", 0), ("神畑", 0), ("福田", 0), ("保野", 0), ("手塚", 0),
        ("別所温泉", 0), ("小泉", 0), ("御所", 0), ("住吉", 0), ("国分", 0), ("上野", 0), ("岩下", 0),
        ("殿城", 0), ("真田町本原", 0), ("真田町長", 0), ("真田町傍陽", 0), ("菅平高原", 0), ("上丸子", 0),
        ("中丸子", 0), ("下丸子", 0), ("生田", 0), ("腰越", 0), ("武石上本入", 0), ("武石沖", 0),
        ("武石下本入", 0), ("下武石", 0), ("上田原", 0), ("下之条", 0), ("新町", 0), ("蒼久保", 0),
        ("諏訪形", 0), ("前山", 0), ("中野", 0), ("舞田", 0), ("八木沢", 0), ("十人", 0),
    ];

    // Fictional apartment names. The room number is appended.
    private static readonly string[] PlainApartments =
    [
        "コーポ常田", "ハイツ千曲", "メゾン太郎山", "レジデンス上田城", "サンライズ丸子", "ファミール神川",
        "グリーンハイツ", "パークサイド城南", "リバーサイド千曲", "ヴィラ真田", "エクセル塩田", "ソレイユ",
        "アーバンコート", "ロイヤルハイツ", "フォレスト菅平", "ハイツ独鈷山",
    ];

    // Full-width look-alikes of CSV delimiters; these must not trigger quoting. The room number is written in full-width digits.
    private static readonly string[] FullWidthApartments =
    [
        "グランメール，常田", "メゾン＂ひまわり＂", "ハイツ、みどり", "コーポ・ド・秋和，Ａ棟", "サンハイム「千曲」",
    ];

    // ASCII quotes and commas; these must be quoted in CSV.
    private static readonly string[] CsvSensitiveApartments =
    [
        "ハイツ\"さくら\"", "コーポ\"あおぞら\"", "メゾン秋和,B棟", "レジデンス\"千曲\",A棟",
    ];

    // Relative population weight of one year of age, per five-year band from 0–4 to 95–99,
    // roughly the shape of Ueda City's age pyramid.
    private static readonly int[] AgeBandWeights = [33, 38, 42, 44, 40, 40, 45, 52, 60, 72, 68, 60, 58, 62, 75, 58, 45, 32, 16, 5];
    private const int CentenarianWeight = 4;
    private static readonly byte[] AgeLookup = BuildAgeTable();

    internal static IReadOnlyList<string> MaleGivenNames { get; } = [.. MaleModernNames, .. MaleClassicNames];

    internal static IReadOnlyList<string> FemaleGivenNames { get; } = [.. FemaleModernNames, .. FemaleClassicNames];

    internal static IReadOnlyList<string> FamilyNameList { get; } = FamilyNames;

    /// <summary>
    /// Generates <paramref name="count"/> cards. Deterministic for a given seed; <paramref name="today"/> bounds birth dates
    /// (ages 0–100) and arrival dates (within the 60 days before today).
    /// </summary>
    public static IEnumerable<SyntheticCard> Cards(int count, int seed, DateOnly today)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Generate(count, seed, today);
    }

    /// <summary>
    /// Writes the header and <paramref name="count"/> rows as CSV (CRLF line ends, RFC 4180 quoting only where needed),
    /// streaming in small chunks. The writer is neither flushed nor disposed; its encoding decides the bytes (e.g. CP932).
    /// </summary>
    public static void WriteCsv(TextWriter writer, int count, int seed, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        RowSource source = new(seed, today);
        CharBuffer line = new(FlushThreshold + 1024);
        CharBuffer address = new(256);
        line.Append(Header);
        line.Append(LineEnd);

        for (int i = 0; i < count; i++)
        {
            Row row = source.Next(i);

            WriteManagementNumber(line.Reserve(10), row.Number);
            line.Append(',');
            line.Append(row.FamilyName);
            line.Append('\u3000');
            line.Append(row.GivenName);
            line.Append(',');
            line.AppendDate(row.BirthDayNumber);
            line.Append(',');
            line.Append(row.Sex);
            line.Append(',');
            address.Clear();
            AppendAddress(address, in row);
            AppendField(line, address.AsSpan());
            line.Append(',');
            line.Append(row.Kind);
            line.Append(',');
            line.AppendDate(row.ArrivedDayNumber);
            line.Append(LineEnd);

            if (line.Length >= FlushThreshold)
            {
                line.WriteTo(writer);
                line.Clear();
            }
        }

        line.WriteTo(writer);
    }

    private static IEnumerable<SyntheticCard> Generate(int count, int seed, DateOnly today)
    {
        RowSource source = new(seed, today);
        CharBuffer address = new(256);
        for (int i = 0; i < count; i++)
        {
            Row row = source.Next(i);
            address.Clear();
            AppendAddress(address, in row);
            yield return new SyntheticCard(
                string.Create(10, row.Number, static (span, number) => WriteManagementNumber(span, number)),
                string.Concat(row.FamilyName, "\u3000", row.GivenName),
                DateOnly.FromDayNumber(row.BirthDayNumber),
                row.Sex,
                address.AsSpan().ToString(),
                row.Kind,
                DateOnly.FromDayNumber(row.ArrivedDayNumber));
        }
    }

    private static void AppendField(CharBuffer buffer, ReadOnlySpan<char> value)
    {
        if (!value.ContainsAny(CsvSpecials))
        {
            buffer.Append(value);
            return;
        }

        buffer.Append('"');
        foreach (char c in value)
        {
            if (c == '"')
            {
                buffer.Append('"');
            }

            buffer.Append(c);
        }

        buffer.Append('"');
    }

    private static void WriteManagementNumber(Span<char> destination, long number)
    {
        long prefix = number / 1_000_000;
        int digits = (int)(number % 1_000_000);
        int rest = (int)(prefix % (36 * 36));
        destination[0] = (char)('A' + (prefix / (36 * 36)));
        destination[1] = Alphanumerics[rest / 36];
        destination[2] = Alphanumerics[rest % 36];
        destination[3] = '-';
        for (int i = 9; i >= 4; i--)
        {
            destination[i] = (char)('0' + (digits % 10));
            digits /= 10;
        }
    }

    private static void AppendAddress(CharBuffer buffer, in Row row)
    {
        buffer.Append(AddressPrefix);
        buffer.Append(Towns[row.Town].Name);
        switch (row.AddressStyle)
        {
            case AddressStyle.Chome:
                buffer.Append(KanjiNumerals[row.Chome]);
                buffer.Append("丁目");
                buffer.AppendNumber(row.Block);
                buffer.Append('番');
                buffer.AppendNumber(row.Lot);
                buffer.Append('号');
                break;
            case AddressStyle.Banchi:
                buffer.AppendNumber(row.Block);
                buffer.Append("番地");
                break;
            case AddressStyle.BanchiWithLot:
                buffer.AppendNumber(row.Block);
                buffer.Append("番地");
                buffer.AppendNumber(row.Lot);
                break;
            default:
                buffer.AppendNumber(row.Block);
                buffer.Append('-');
                buffer.AppendNumber(row.Lot);
                break;
        }

        switch (row.Apartment)
        {
            case ApartmentKind.Plain:
                buffer.Append('\u3000');
                buffer.Append(PlainApartments[row.ApartmentName]);
                buffer.AppendNumber(row.Room);
                break;
            case ApartmentKind.FullWidth:
                buffer.Append('\u3000');
                buffer.Append(FullWidthApartments[row.ApartmentName]);
                buffer.AppendFullWidthNumber(row.Room);
                break;
            case ApartmentKind.CsvSensitive:
                buffer.Append('\u3000');
                buffer.Append(CsvSensitiveApartments[row.ApartmentName]);
                buffer.AppendNumber(row.Room);
                break;
            default:
                break;
        }
    }

    private static byte[] BuildAgeTable()
    {
        int total = CentenarianWeight;
        foreach (int weight in AgeBandWeights)
        {
            total += weight * 5;
        }

        byte[] table = new byte[total];
        int position = 0;
        for (int age = 0; age < MaxAge; age++)
        {
            int weight = AgeBandWeights[age / 5];
            table.AsSpan(position, weight).Fill((byte)age);
            position += weight;
        }

        table.AsSpan(position).Fill(MaxAge);
        return table;
    }

    private enum AddressStyle
    {
        Chome,
        Banchi,
        BanchiWithLot,
        Hyphenated,
    }

    private enum ApartmentKind
    {
        None,
        Plain,
        FullWidth,
        CsvSensitive,
    }

    private struct Row
    {
        public long Number;
        public string FamilyName;
        public string GivenName;
        public string Sex;
        public int BirthDayNumber;
        public int Town;
        public AddressStyle AddressStyle;
        public int Chome;
        public int Block;
        public int Lot;
        public ApartmentKind Apartment;
        public int ApartmentName;
        public int Room;
        public string Kind;
        public int ArrivedDayNumber;
    }

    /// <summary>Draws rows from a SplitMix64 stream; management numbers come from a keyed Feistel permutation of the index.</summary>
    private sealed class RowSource
    {
        private readonly ulong _key0;
        private readonly ulong _key1;
        private readonly ulong _key2;
        private readonly ulong _key3;
        private readonly int _todayDayNumber;
        private readonly int[] _birthFirstDay = new int[MaxAge + 1];
        private readonly int[] _birthDayCount = new int[MaxAge + 1];
        private ulong _state;

        public RowSource(int seed, DateOnly today)
        {
            _state = (uint)seed ^ 0x4D61_646F_6775_6368UL;
            _key0 = NextUInt64();
            _key1 = NextUInt64();
            _key2 = NextUInt64();
            _key3 = NextUInt64();
            _todayDayNumber = today.DayNumber;

            for (int age = 0; age <= MaxAge; age++)
            {
                int first = today.AddYears(-(age + 1)).DayNumber + 1;
                int last = age == 0 ? _todayDayNumber - MinAgeInDaysAtGeneration : today.AddYears(-age).DayNumber;
                _birthFirstDay[age] = first;
                _birthDayCount[age] = last - first + 1;
            }
        }

        public Row Next(long index)
        {
            Row row = default;
            row.Number = Permute(index);

            bool female = NextInt(2) == 1;
            int age = AgeLookup[NextInt(AgeLookup.Length)];
            row.BirthDayNumber = _birthFirstDay[age] + NextInt(_birthDayCount[age]);
            bool modern = age < 35;
            string[] givenNames = female
                ? (modern ? FemaleModernNames : FemaleClassicNames)
                : (modern ? MaleModernNames : MaleClassicNames);
            row.Sex = female ? SexFemale : SexMale;
            row.FamilyName = FamilyNames[NextInt(FamilyNames.Length)];
            row.GivenName = givenNames[NextInt(givenNames.Length)];

            row.Town = NextInt(Towns.Length);
            int maxChome = Towns[row.Town].MaxChome;
            if (maxChome > 0)
            {
                row.AddressStyle = AddressStyle.Chome;
                row.Chome = 1 + NextInt(maxChome);
                row.Block = 1 + NextInt(25);
                row.Lot = 1 + NextInt(30);
            }
            else
            {
                int style = NextInt(20);
                row.AddressStyle = style < 8 ? AddressStyle.Banchi : style < 15 ? AddressStyle.BanchiWithLot : AddressStyle.Hyphenated;
                row.Block = 1 + NextInt(3999);
                row.Lot = 1 + NextInt(20);
            }

            // About 0.5 % of addresses need CSV quoting, 2 % carry full-width look-alikes, 22.5 % other apartments.
            int apartment = NextInt(1000);
            if (apartment < 250)
            {
                row.Room = ((1 + NextInt(4)) * 100) + 1 + NextInt(8);
                if (apartment < 5)
                {
                    row.Apartment = ApartmentKind.CsvSensitive;
                    row.ApartmentName = NextInt(CsvSensitiveApartments.Length);
                }
                else if (apartment < 25)
                {
                    row.Apartment = ApartmentKind.FullWidth;
                    row.ApartmentName = NextInt(FullWidthApartments.Length);
                }
                else
                {
                    row.Apartment = ApartmentKind.Plain;
                    row.ApartmentName = NextInt(PlainApartments.Length);
                }
            }

            // About 8 % reissues and 4 % renewals; a child's first card is valid five years, so no renewals below age 5.
            int kind = NextInt(100);
            row.Kind = kind < 4 ? (age >= 5 ? KindRenewal : KindNew) : kind < 12 ? KindReissue : KindNew;

            row.ArrivedDayNumber = _todayDayNumber - 1 - NextInt(ArrivalWindowDays);
            return row;
        }

        private ulong NextUInt64()
        {
            _state += 0x9E37_79B9_7F4A_7C15UL;
            return Mix(_state);
        }

        // Uniform enough in [0, bound) for bound far below 2^32 (Lemire's multiply-shift without rejection).
        private int NextInt(int bound)
        {
            return (int)(((NextUInt64() >> 32) * (ulong)bound) >> 32);
        }

        private long Permute(long index)
        {
            long value = index;
            do
            {
                value = Feistel(value);
            }
            while (value >= NumberSpace);

            return value;
        }

        private long Feistel(long value)
        {
            long left = value / FeistelHalf;
            long right = value % FeistelHalf;
            (left, right) = (right, (left + Round(right, _key0)) % FeistelHalf);
            (left, right) = (right, (left + Round(right, _key1)) % FeistelHalf);
            (left, right) = (right, (left + Round(right, _key2)) % FeistelHalf);
            (left, right) = (right, (left + Round(right, _key3)) % FeistelHalf);
            return (left * FeistelHalf) + right;
        }

        private static long Round(long half, ulong key)
        {
            return (long)(Mix((ulong)half ^ key) % FeistelHalf);
        }

        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A growable char buffer that avoids per-row strings while writing CSV.</summary>
    private sealed class CharBuffer(int capacity)
    {
        private char[] _chars = new char[capacity];

        public int Length { get; private set; }

        public void Clear()
        {
            Length = 0;
        }

        public ReadOnlySpan<char> AsSpan()
        {
            return _chars.AsSpan(0, Length);
        }

        public void WriteTo(TextWriter writer)
        {
            writer.Write(_chars, 0, Length);
        }

        public Span<char> Reserve(int length)
        {
            if (Length + length > _chars.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + length));
            }

            Span<char> span = _chars.AsSpan(Length, length);
            Length += length;
            return span;
        }

        public void Append(char value)
        {
            Reserve(1)[0] = value;
        }

        public void Append(ReadOnlySpan<char> value)
        {
            value.CopyTo(Reserve(value.Length));
        }

        public void AppendNumber(int value)
        {
            AppendNumber(value, '0');
        }

        public void AppendFullWidthNumber(int value)
        {
            AppendNumber(value, '０');
        }

        public void AppendDate(int dayNumber)
        {
            (int year, int month, int day) = DateOnly.FromDayNumber(dayNumber);
            Span<char> span = Reserve(10);
            span[0] = (char)('0' + (year / 1000));
            span[1] = (char)('0' + (year / 100 % 10));
            span[2] = (char)('0' + (year / 10 % 10));
            span[3] = (char)('0' + (year % 10));
            span[4] = '-';
            span[5] = (char)('0' + (month / 10));
            span[6] = (char)('0' + (month % 10));
            span[7] = '-';
            span[8] = (char)('0' + (day / 10));
            span[9] = (char)('0' + (day % 10));
        }

        private void AppendNumber(int value, char zero)
        {
            int digits = 1;
            for (int rest = value / 10; rest > 0; rest /= 10)
            {
                digits++;
            }

            Span<char> span = Reserve(digits);
            for (int i = digits - 1; i >= 0; i--)
            {
                span[i] = (char)(zero + (value % 10));
                value /= 10;
            }
        }
    }
}
