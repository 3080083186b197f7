using Madoguchi.Calendar.Holidays;

namespace Madoguchi.Tests.Calendar.Holidays;

public sealed class SyukujitsuFileTests
{
    private const string Header = "国民の祝日・休日月日,国民の祝日・休日名称";

    // Two rows as the Cabinet Office writes them, one with the full-width parentheses that Shift_JIS must carry.
    private const string OfficialRows = "2019/5/1,休日（祝日扱い）\r\n2027/1/1,元日\r\n";

    private static readonly NationalHoliday[] s_officialRows =
    [
        new(new DateOnly(2019, 5, 1), "休日（祝日扱い）"),
        new(new DateOnly(2027, 1, 1), "元日"),
    ];

    static SyukujitsuFileTests()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    [Fact]
    public void Reads_the_official_shift_jis_file()
    {
        SyukujitsuReadResult result = Read(Encoding.GetEncoding(932).GetBytes(Header + "\r\n" + OfficialRows));

        Assert.Empty(result.Errors);
        Assert.Equal(s_officialRows, result.Holidays);
        Assert.Equal(2019, result.FirstYear);
        Assert.Equal(2027, result.LastYear);
    }

    [Fact]
    public void Reads_a_copy_saved_as_utf8_with_a_bom()
    {
        // What a spreadsheet's "CSV UTF-8" saves.
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Header + "\r\n" + OfficialRows)];

        SyukujitsuReadResult result = Read(bytes);

        Assert.Empty(result.Errors);
        Assert.Equal(s_officialRows, result.Holidays);
    }

    [Fact]
    public void Reads_utf8_without_a_bom_with_lf_and_iso_dates()
    {
        // What a text editor on Linux would save after someone retyped the dates.
        SyukujitsuReadResult result = Read(Encoding.UTF8.GetBytes(Header + "\n2019-05-01,休日（祝日扱い）\n2027-01-01,元日\n"));

        Assert.Empty(result.Errors);
        Assert.Equal(s_officialRows, result.Holidays);
    }

    [Fact]
    public void A_date_that_does_not_exist_is_reported_with_its_line_number()
    {
        // 2027/2/30 does not exist; it sits on line 3, after the header and one good row.
        SyukujitsuReadResult result = Read(Utf8(Header, "2027/1/1,元日", "2027/2/30,建国記念の日", "2027/2/11,建国記念の日"));

        string error = Assert.Single(result.Errors);
        Assert.StartsWith("3行目:", error);
        Assert.Contains("2027/2/30", error);
        Assert.Empty(result.Holidays);
    }

    [Fact]
    public void Every_bad_line_gets_its_own_error()
    {
        // Line 2 lacks the name column, line 3 has an empty name, line 5 repeats line 4's date.
        SyukujitsuReadResult result = Read(Utf8(Header, "2027/1/1", "2027/1/11,", "2027/2/11,建国記念の日", "2027/2/11,建国記念の日"));

        Assert.Collection(
            result.Errors,
            error => Assert.StartsWith("2行目:", error),
            error => Assert.StartsWith("3行目:", error),
            error => Assert.StartsWith("5行目:", error));
    }

    [Fact]
    public void A_wrong_header_is_one_error()
    {
        // Someone's own list with English headers: every row below is fine, but this is not the Cabinet Office's file.
        SyukujitsuReadResult result = Read(Utf8("date,name", "2027/1/1,元日"));

        string error = Assert.Single(result.Errors);
        Assert.StartsWith("1行目:", error);
        Assert.Empty(result.Holidays);
    }

    [Fact]
    public void A_file_with_only_the_header_is_one_error()
    {
        SyukujitsuReadResult result = Read(Utf8(Header));

        Assert.Single(result.Errors);
        Assert.Empty(result.Holidays);
    }

    [Fact]
    public void An_empty_file_is_one_error()
    {
        Assert.Single(Read([]).Errors);
    }

    [Fact]
    public void Writes_the_official_format()
    {
        using var writer = new StringWriter();

        // Given out of order, written by date.
        SyukujitsuFile.Write(writer, s_officialRows.Reverse());

        Assert.Equal(Header + "\r\n" + OfficialRows, writer.ToString());
    }

    [Fact]
    public void What_is_written_in_shift_jis_reads_back_the_same()
    {
        // A whole real year, with its 振替休日 and 国民の休日.
        IReadOnlyList<NationalHoliday> holidays = JapaneseHolidays.Compute(2026);
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, Encoding.GetEncoding(932), leaveOpen: true))
        {
            SyukujitsuFile.Write(writer, holidays);
        }

        stream.Position = 0;
        SyukujitsuReadResult result = SyukujitsuFile.Read(stream);

        Assert.Empty(result.Errors);
        Assert.Equal(holidays, result.Holidays);
    }

    [Fact]
    public void A_name_that_would_break_the_format_is_not_written()
    {
        using var writer = new StringWriter();

        Assert.Throws<ArgumentException>(() => SyukujitsuFile.Write(writer, [new(new DateOnly(2027, 1, 1), "元日,休日")]));
    }

    private static SyukujitsuReadResult Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return SyukujitsuFile.Read(stream);
    }

    private static byte[] Utf8(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");
}
