using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Tests.Ledger.Parsing;

public class LedgerFileEncodingTests
{
    // 髙 (the "ladder" taka) and ① exist only in the Windows extensions of Shift_JIS.
    private const string Sample = "管理番号,氏名\nA1B-123456,髙橋①\n";

    [Fact]
    public void Utf8_with_bom_is_utf8()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Sample)];

        Encoding encoding = LedgerFileEncoding.Detect(bytes);

        Assert.Equal(Encoding.UTF8.CodePage, encoding.CodePage);
    }

    [Fact]
    public void Utf8_without_bom_is_utf8_that_writes_no_bom()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Sample);

        Encoding encoding = LedgerFileEncoding.Detect(bytes);

        Assert.Equal(Encoding.UTF8.CodePage, encoding.CodePage);
        Assert.Empty(encoding.GetPreamble());
        Assert.Equal(Sample, encoding.GetString(bytes));
    }

    [Fact]
    public void Bom_decides_even_when_later_bytes_are_not_utf8()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. LedgerFileEncoding.ShiftJis.GetBytes(Sample)];

        Assert.Equal(Encoding.UTF8.CodePage, LedgerFileEncoding.Detect(bytes).CodePage);
    }

    [Fact]
    public void Plain_ascii_is_read_as_utf8_since_both_agree_on_it()
    {
        Assert.Equal(Encoding.UTF8.CodePage, LedgerFileEncoding.Detect("A1B-123456,1985-04-12\n"u8).CodePage);
    }

    [Fact]
    public void Empty_head_is_utf8()
    {
        Assert.Equal(Encoding.UTF8.CodePage, LedgerFileEncoding.Detect([]).CodePage);
    }

    [Fact]
    public void Cp932_bytes_are_shift_jis_and_keep_windows_only_characters()
    {
        byte[] bytes = LedgerFileEncoding.ShiftJis.GetBytes(Sample);

        Encoding encoding = LedgerFileEncoding.Detect(bytes);

        Assert.Equal(932, encoding.CodePage);
        Assert.Equal(Sample, encoding.GetString(bytes));
    }

    [Fact]
    public void Shift_jis_is_the_windows_code_page_that_has_taka_and_circled_digits()
    {
        // Strict Shift_JIS has neither character; cp932 puts 髙 at FB FC and ① at 87 40.
        Assert.Equal(932, LedgerFileEncoding.ShiftJis.CodePage);
        Assert.Equal(new byte[] { 0xFB, 0xFC }, LedgerFileEncoding.ShiftJis.GetBytes("髙"));
        Assert.Equal(new byte[] { 0x87, 0x40 }, LedgerFileEncoding.ShiftJis.GetBytes("①"));
    }

    [Fact]
    public void Cp932_ending_in_half_width_katakana_is_not_taken_for_cut_utf8()
    {
        // ｱ is the single byte B1 in cp932, which in UTF-8 could only be a continuation byte.
        byte[] bytes = LedgerFileEncoding.ShiftJis.GetBytes("A1B-123456,ｱｲｳ");

        Assert.Equal(932, LedgerFileEncoding.Detect(bytes).CodePage);
    }

    [Theory]
    [InlineData("髙", 1)] // three-byte character cut after its first byte
    [InlineData("髙", 2)] // three-byte character cut after its second byte
    [InlineData("𠮷", 1)] // four-byte character (common in surnames) cut after one byte
    [InlineData("𠮷", 2)] // ... after two bytes
    [InlineData("𠮷", 3)] // ... after three bytes, the longest possible cut
    public void Utf8_cut_inside_the_last_character_of_the_head_is_still_utf8(string lastCharacter, int bytesKept)
    {
        byte[] head = [.. Encoding.UTF8.GetBytes("A1B-123456,髙橋"), .. Encoding.UTF8.GetBytes(lastCharacter)[..bytesKept]];

        Assert.Equal(Encoding.UTF8.CodePage, LedgerFileEncoding.Detect(head).CodePage);
    }

    [Fact]
    public void Utf8_cut_at_the_end_does_not_excuse_invalid_bytes_earlier()
    {
        // Shift_JIS text followed by what looks like the start of a UTF-8 character.
        byte[] head = [.. LedgerFileEncoding.ShiftJis.GetBytes("髙橋"), 0xE9];

        Assert.Equal(932, LedgerFileEncoding.Detect(head).CodePage);
    }

    [Theory]
    [InlineData("utf-8", 65001)] // the usual spelling
    [InlineData("utf8", 65001)] // without the hyphen
    [InlineData("UTF-8", 65001)] // case does not matter
    [InlineData("shift_jis", 932)] // IANA name, still means the Windows variant
    [InlineData("Shift_JIS", 932)] // as it is usually capitalised
    [InlineData("sjis", 932)] // common short name
    [InlineData("cp932", 932)] // the code page
    [InlineData("CP932", 932)]
    [InlineData("windows-31j", 932)] // the IANA name of the Windows variant
    [InlineData("Windows-31J", 932)]
    [InlineData(" utf8 ", 65001)] // spaces around, from a quoted shell argument
    public void Finds_an_encoding_by_name(string name, int codePage)
    {
        Assert.True(LedgerFileEncoding.TryGetByName(name, out Encoding? encoding));
        Assert.Equal(codePage, encoding.CodePage);
    }

    [Fact]
    public void Utf8_by_name_writes_no_bom()
    {
        Assert.True(LedgerFileEncoding.TryGetByName("utf-8", out Encoding? encoding));
        Assert.Empty(encoding.GetPreamble());
    }

    [Theory]
    [InlineData("")] // nothing given
    [InlineData("euc-jp")] // another Japanese encoding we do not read
    [InlineData("utf-16")] // national files are never UTF-16
    [InlineData("ascii")] // would lose every Japanese character
    [InlineData("932")] // a bare number is not one of the names
    public void Rejects_other_names(string name)
    {
        Assert.False(LedgerFileEncoding.TryGetByName(name, out Encoding? encoding));
        Assert.Null(encoding);
    }
}
