using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Tests.Ledger.Parsing;

public class CsvRecordReaderTests
{
    // Whole input in one read, and one, two or three characters per read so that every quote, comma and CR LF
    // in the cases below also falls on a boundary of the reader's buffer.
    public static TheoryData<int> ChunkSizes => [int.MaxValue, 1, 2, 3];

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Reads_crlf_records(int chunkSize)
    {
        AssertRecords(
            "a,b,c\r\nd,e,f\r\n",
            chunkSize,
            new Record(1, ["a", "b", "c"]),
            new Record(2, ["d", "e", "f"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Reads_lf_only_records(int chunkSize)
    {
        AssertRecords("a,b\nc,d\n", chunkSize, new Record(1, ["a", "b"]), new Record(2, ["c", "d"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Reads_cr_only_records_as_old_mac_tools_write_them(int chunkSize)
    {
        AssertRecords("a,b\rc,d\r", chunkSize, new Record(1, ["a", "b"]), new Record(2, ["c", "d"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Counts_each_kind_of_line_end_as_one_line(int chunkSize)
    {
        AssertRecords(
            "a\r\nb\nc\rd",
            chunkSize,
            new Record(1, ["a"]),
            new Record(2, ["b"]),
            new Record(3, ["c"]),
            new Record(4, ["d"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Reads_the_last_line_without_a_line_break(int chunkSize)
    {
        AssertRecords("a,b\r\nc,d", chunkSize, new Record(1, ["a", "b"]), new Record(2, ["c", "d"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Keeps_commas_inside_quotes(int chunkSize)
    {
        AssertRecords(
            "\"東京都千代田区1-1,2号室\",x\n",
            chunkSize,
            new Record(1, ["東京都千代田区1-1,2号室", "x"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Turns_doubled_quotes_into_one(int chunkSize)
    {
        // The second field is a lone quote: the shortest possible escaped content.
        AssertRecords(
            "\"say \"\"hi\"\"\",\"\"\"\",\"\"\n",
            chunkSize,
            new Record(1, ["say \"hi\"", "\"", ""]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Keeps_a_crlf_inside_quotes_and_counts_it_for_the_next_line_number(int chunkSize)
    {
        AssertRecords(
            "1,\"1行目\r\n2行目\",x\r\n2,y\r\n",
            chunkSize,
            new Record(1, ["1", "1行目\r\n2行目", "x"]),
            new Record(3, ["2", "y"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Counts_line_breaks_in_several_quoted_fields_of_one_record(int chunkSize)
    {
        // Three breaks inside quotes (LF, CR LF, lone CR) put the next record on line 4... plus its own line end: 5.
        AssertRecords(
            "\"a\nb\",\"c\r\nd\",\"e\rf\"\ng\n",
            chunkSize,
            new Record(1, ["a\nb", "c\r\nd", "e\rf"]),
            new Record(5, ["g"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Skips_empty_lines_but_counts_them(int chunkSize)
    {
        AssertRecords(
            "\r\n\na,b\n\n\r\nc\n\n",
            chunkSize,
            new Record(3, ["a", "b"]),
            new Record(6, ["c"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Keeps_empty_fields(int chunkSize)
    {
        AssertRecords(
            ",,\na,\n\"\"\na,",
            chunkSize,
            new Record(1, ["", "", ""]),
            new Record(2, ["a", ""]),
            new Record(3, [""]), // an empty quoted field makes the line non-empty
            new Record(4, ["a", ""])); // a trailing comma at the end of input still ends an empty field
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Keeps_spaces_in_a_line_of_only_spaces(int chunkSize)
    {
        // Only completely empty lines are skipped; a line of spaces is a record the importer should report.
        AssertRecords(" \nx\n", chunkSize, new Record(1, [" "]), new Record(2, ["x"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Strips_a_bom_before_the_first_field(int chunkSize)
    {
        AssertRecords("\uFEFF管理番号,氏名\n1,x\n", chunkSize, new Record(1, ["管理番号", "氏名"]), new Record(2, ["1", "x"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Strips_a_bom_before_a_quoted_first_field_without_calling_it_malformed(int chunkSize)
    {
        AssertRecords("\uFEFF\"管理番号\",x\n", chunkSize, new Record(1, ["管理番号", "x"]));
    }

    [Fact]
    public void Leaves_a_feff_that_is_not_at_the_start_of_the_file()
    {
        AssertRecords("a\n\uFEFFb\n", int.MaxValue, new Record(1, ["a"]), new Record(2, ["\uFEFFb"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Reports_a_quote_inside_an_unquoted_field_and_reads_on(int chunkSize)
    {
        AssertRecords(
            "1,ab\"c,2\n3,d\n",
            chunkSize,
            new Record(1, ["1", "ab\"c", "2"], CsvRecordReader.QuoteInsideFieldError),
            new Record(2, ["3", "d"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Reports_text_after_a_closing_quote_and_reads_on(int chunkSize)
    {
        AssertRecords(
            "1,\"ab\"c,2\n3,d\n",
            chunkSize,
            new Record(1, ["1", "abc", "2"], CsvRecordReader.TextAfterClosingQuoteError),
            new Record(2, ["3", "d"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Keeps_the_first_error_of_a_record(int chunkSize)
    {
        AssertRecords(
            "a\"b,\"c\"d\n",
            chunkSize,
            new Record(1, ["a\"b", "cd"], CsvRecordReader.QuoteInsideFieldError));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Reports_a_quote_left_open_on_the_last_line(int chunkSize)
    {
        AssertRecords(
            "1,2\n3,\"abc",
            chunkSize,
            new Record(1, ["1", "2"]),
            new Record(2, ["3", "abc"], CsvRecordReader.UnterminatedQuoteError));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void A_quote_left_open_does_not_swallow_the_lines_after_it(int chunkSize)
    {
        // Without recovery the rest of the file would be one field of the first record.
        AssertRecords(
            "1,\"abc\n2,x\r\n3,y\n",
            chunkSize,
            new Record(1, ["1", "abc"], CsvRecordReader.UnterminatedQuoteError),
            new Record(2, ["2", "x"]),
            new Record(3, ["3", "y"]));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void A_quote_left_open_until_a_later_quoted_field_loses_only_its_own_line(int chunkSize)
    {
        // The stray quote pairs with the opening quote of "x" two lines down; line 2 must still come back intact.
        AssertRecords(
            "1,\"abc\n2,\"x\"\n3,y\n",
            chunkSize,
            new Record(1, ["1", "abc"], CsvRecordReader.TextAfterClosingQuoteError),
            new Record(2, ["2", "x"]),
            new Record(3, ["3", "y"]));
    }

    [Fact]
    public void A_quote_left_open_near_the_top_of_a_long_file_loses_no_rows()
    {
        // About 190,000 characters after the stray quote: more than the reader's 64 KiB buffer, so the text put back
        // to be read again does not fit in it.
        StringBuilder text = new("番号,値\n1,\"abc\n");
        for (int i = 2; i <= 10_000; i++)
        {
            text.Append(i).Append(",value-").Append(i).Append('\n');
        }

        using CsvRecordReader csv = new(new StringReader(text.ToString()));

        Assert.True(csv.Read());
        Assert.True(csv.Read());
        Assert.Equal(CsvRecordReader.UnterminatedQuoteError, csv.Error);
        Assert.Equal(["1", "abc"], Fields(csv));
        int expected = 2;
        while (csv.Read())
        {
            Assert.Null(csv.Error);
            Assert.Equal(expected + 1, csv.LineNumber);
            Assert.Equal([expected.ToString(), $"value-{expected}"], Fields(csv));
            expected++;
        }

        Assert.Equal(10_001, expected);
    }

    [Fact]
    public void A_quoted_field_spanning_more_than_the_limit_is_taken_as_left_open()
    {
        // 11 characters between the first line break and the closing quote with a limit of 10: one over.
        const string Text = "1,\"a\nbbbb\ncccccc\"\n";

        List<Record> limited = ReadAll(new CsvRecordReader(new StringReader(Text), maxMultilineFieldLength: 10));
        List<Record> unlimited = ReadAll(new CsvRecordReader(new StringReader(Text)));

        Assert.Equal(
            [
                new Record(1, ["1", "a"], CsvRecordReader.UnterminatedQuoteError),
                new Record(2, ["bbbb"]),
                new Record(3, ["cccccc\""], CsvRecordReader.QuoteInsideFieldError),
            ],
            limited);
        Assert.Equal([new Record(1, ["1", "a\nbbbb\ncccccc"])], unlimited);
    }

    [Fact]
    public void A_quoted_field_spanning_exactly_the_limit_is_read_whole()
    {
        // 10 characters between the first line break and the closing quote with a limit of 10.
        const string Text = "1,\"a\nbbbb\nccccc\"\n";

        List<Record> records = ReadAll(new CsvRecordReader(new StringReader(Text), maxMultilineFieldLength: 10));

        Assert.Equal([new Record(1, ["1", "a\nbbbb\nccccc"])], records);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Ends_a_quoted_field_closed_at_the_very_end_of_input(int chunkSize)
    {
        AssertRecords("a,\"b\"", chunkSize, new Record(1, ["a", "b"]));
    }

    [Fact]
    public void Reads_fields_longer_than_the_buffer()
    {
        // 100,000 characters is well past the 64 KiB buffer; the quoted one also holds commas and a line break.
        string unquoted = new('あ', 100_000);
        string quoted = string.Concat(Enumerable.Repeat("い,\r\n", 25_000));
        string text = $"{unquoted},\"{quoted}\",end\nnext\n";

        AssertRecords(text, int.MaxValue, new Record(1, [unquoted, quoted, "end"]), new Record(25_002, ["next"]));
    }

    [Fact]
    public void Reads_records_with_more_fields_than_it_first_makes_room_for()
    {
        string[] fields = [.. Enumerable.Range(0, 100).Select(i => $"f{i}")];

        AssertRecords(string.Join(',', fields) + "\n1,2\n", int.MaxValue, new Record(1, fields), new Record(2, ["1", "2"]));
    }

    [Fact]
    public void Returns_the_same_string_when_a_field_is_read_twice()
    {
        using CsvRecordReader csv = new(new StringReader("abc\n"));

        Assert.True(csv.Read());

        Assert.Same(csv[0], csv[0]);
    }

    [Fact]
    public void Has_no_fields_before_the_first_read()
    {
        using CsvRecordReader csv = new(new StringReader("a\n"));

        Assert.Equal(0, csv.FieldCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => csv[0]);
    }

    [Fact]
    public void Rejects_an_index_outside_the_current_record()
    {
        using CsvRecordReader csv = new(new StringReader("a,b\n"));
        Assert.True(csv.Read());

        Assert.Throws<ArgumentOutOfRangeException>(() => csv[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => csv[-1]);
    }

    [Theory]
    [InlineData("")] // empty file
    [InlineData("\r\n\n\r")] // only empty lines
    [InlineData("\uFEFF")] // only a BOM
    public void Finds_no_record_in_input_without_one(string text)
    {
        using CsvRecordReader csv = new(new StringReader(text));

        Assert.False(csv.Read());
        Assert.False(csv.Read());
    }

    [Fact]
    public void Keeps_returning_false_after_the_end()
    {
        using CsvRecordReader csv = new(new StringReader("a"));

        Assert.True(csv.Read());
        Assert.False(csv.Read());
        Assert.False(csv.Read());
    }

    [Fact]
    public void Dispose_closes_the_text_reader_and_ends_reading()
    {
        StringReader reader = new("a\n");
        CsvRecordReader csv = new(reader);

        csv.Dispose();

        Assert.Throws<ObjectDisposedException>(() => reader.Read());
        Assert.Throws<ObjectDisposedException>(() => csv.Read());
    }

    private static void AssertRecords(string text, int chunkSize, params Record[] expected)
    {
        using CsvRecordReader csv = new(new TrickleReader(text, chunkSize));

        Assert.Equal(expected, ReadAll(csv));
    }

    private static List<Record> ReadAll(CsvRecordReader csv)
    {
        List<Record> records = [];
        while (csv.Read())
        {
            records.Add(new Record(csv.LineNumber, Fields(csv), csv.Error));
        }

        return records;
    }

    private static string[] Fields(CsvRecordReader csv)
    {
        return [.. Enumerable.Range(0, csv.FieldCount).Select(i => csv[i])];
    }

    public sealed record Record(long Line, string[] Fields, string? Error = null)
    {
        public bool Equals(Record? other)
        {
            return other is not null && Line == other.Line && Fields.SequenceEqual(other.Fields) && Error == other.Error;
        }

        public override int GetHashCode()
        {
            return HashCode.Combine(Line, Fields.Length, Error);
        }

        public override string ToString()
        {
            return $"line {Line}: [{string.Join("|", Fields)}] {Error}";
        }
    }

    /// <summary>Hands out at most <c>chunkSize</c> characters per read, as a slow stream would.</summary>
    private sealed class TrickleReader(string text, int chunkSize) : TextReader
    {
        private int _position;

        public override int Peek()
        {
            return _position < text.Length ? text[_position] : -1;
        }

        public override int Read()
        {
            return _position < text.Length ? text[_position++] : -1;
        }

        public override int Read(char[] buffer, int index, int count)
        {
            int length = Math.Min(Math.Min(count, chunkSize), text.Length - _position);
            text.CopyTo(_position, buffer, index, length);
            _position += length;
            return length;
        }
    }
}
