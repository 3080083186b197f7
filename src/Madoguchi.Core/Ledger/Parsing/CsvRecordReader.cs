using System.Buffers;

namespace Madoguchi.Ledger.Parsing;

/// <summary>
/// Reads RFC 4180 records one at a time. A malformed record is returned with <see cref="Error"/> set instead of
/// stopping the read, so that one bad row does not cost the rows after it.
/// </summary>
public sealed class CsvRecordReader : IDisposable
{
    internal const string QuoteInsideFieldError =
        "引用符（\"）で囲まれていない項目の途中に引用符があります。項目全体を引用符で囲み、項目内の引用符は2つ重ねて（\"\"）ください。";

    internal const string TextAfterClosingQuoteError =
        "閉じ引用符（\"）の後に、区切りのカンマ以外の文字があります。項目内の引用符は2つ重ねて（\"\"）ください。";

    internal const string UnterminatedQuoteError =
        "引用符（\"）が閉じられていません。項目の終わりに閉じ引用符を付けてください。";

    // A quoted field may hold line breaks, but a stray opening quote would otherwise swallow every following line
    // into one field. Past this many characters after the field's first line break the quote is taken as unterminated.
    internal const int DefaultMaxMultilineFieldLength = 1024 * 1024;

    private const int BufferSize = 64 * 1024;

    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\r\n");

    private readonly TextReader _reader;
    private readonly int _maxMultilineFieldLength;

    private char[] _buffer = new char[BufferSize];
    private int _position;
    private int _length;
    private bool _started;
    private bool _endOfInput;
    private long _line = 1;

    // The current record: the unquoted text of all fields back to back, and where each field ends.
    private char[] _chars = new char[1024];
    private int _charCount;
    private int[] _fieldEnds = new int[32];
    private string?[] _fields = new string?[32];
    private int _fieldCount;

    // The raw text after the first line break of the quoted field being read, to be read again if the quote never closes.
    private char[] _replay = new char[256];
    private int _replayLength;

    private bool _disposed;

    public CsvRecordReader(TextReader reader)
        : this(reader, DefaultMaxMultilineFieldLength)
    {
    }

    internal CsvRecordReader(TextReader reader, int maxMultilineFieldLength)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _maxMultilineFieldLength = maxMultilineFieldLength;
    }

    public int FieldCount => _fieldCount;

    public long LineNumber { get; private set; }

    public string? Error { get; private set; }

    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _fieldCount);
            return _fields[index] ??= CreateField(index);
        }
    }

    public bool Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Array.Clear(_fields, 0, _fieldCount);
        _fieldCount = 0;
        _charCount = 0;
        Error = null;
        if (!SkipEmptyLines())
        {
            return false;
        }

        LineNumber = _line;
        bool moreFields;
        do
        {
            moreFields = HasData() && _buffer[_position] == '"' ? ReadQuotedField() : ReadUnquotedField();
        }
        while (moreFields);

        return true;
    }

    /// <summary>Also disposes the <see cref="TextReader"/> given to the constructor.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _reader.Dispose();
        }
    }

    private bool SkipEmptyLines()
    {
        while (HasData())
        {
            char c = _buffer[_position];
            if (c is not ('\r' or '\n'))
            {
                return true;
            }

            _position++;
            EndLine(c);
        }

        return false;
    }

    /// <summary>Reads up to and including the comma or line break after the field; returns whether another field follows.</summary>
    private bool ReadUnquotedField()
    {
        while (HasData())
        {
            ReadOnlySpan<char> available = _buffer.AsSpan(_position, _length - _position);
            int stop = available.IndexOfAny(UnquotedStops);
            if (stop < 0)
            {
                Append(ref _chars, ref _charCount, available);
                _position = _length;
                continue;
            }

            Append(ref _chars, ref _charCount, available[..stop]);
            char c = available[stop];
            _position += stop + 1;
            if (c == '"')
            {
                Error ??= QuoteInsideFieldError;
                Append(ref _chars, ref _charCount, "\"");
                continue;
            }

            EndField();
            if (c == ',')
            {
                return true;
            }

            EndLine(c);
            return false;
        }

        EndField();
        return false;
    }

    /// <inheritdoc cref="ReadUnquotedField"/>
    private bool ReadQuotedField()
    {
        _position++;
        long fieldLine = _line;
        int contentBeforeLineBreak = -1;
        _replayLength = 0;
        while (true)
        {
            bool spansLines = contentBeforeLineBreak >= 0;
            if (!HasData())
            {
                Error ??= UnterminatedQuoteError;
                return EndBrokenQuotedField(contentBeforeLineBreak, fieldLine);
            }

            ReadOnlySpan<char> available = _buffer.AsSpan(_position, _length - _position);
            int stop = available.IndexOfAny(QuotedStops);
            ReadOnlySpan<char> text = stop < 0 ? available : available[..stop];
            Append(ref _chars, ref _charCount, text);
            if (spansLines)
            {
                Append(ref _replay, ref _replayLength, text);
                if (_replayLength > _maxMultilineFieldLength)
                {
                    Error ??= UnterminatedQuoteError;
                    _position += text.Length;
                    return EndBrokenQuotedField(contentBeforeLineBreak, fieldLine);
                }
            }

            _position += text.Length;
            if (stop < 0)
            {
                continue;
            }

            char c = _buffer[_position++];
            if (c != '"')
            {
                if (!spansLines)
                {
                    contentBeforeLineBreak = _charCount;
                }

                ReadOnlySpan<char> lineBreak = c == '\r' && HasData() && _buffer[_position] == '\n' ? "\r\n" : c == '\r' ? "\r" : "\n";
                _position += lineBreak.Length - 1;
                _line++;
                Append(ref _chars, ref _charCount, lineBreak);
                if (spansLines)
                {
                    Append(ref _replay, ref _replayLength, lineBreak);
                }

                continue;
            }

            if (spansLines)
            {
                Append(ref _replay, ref _replayLength, "\"");
            }

            if (!HasData())
            {
                EndField();
                return false;
            }

            char next = _buffer[_position];
            if (next == '"')
            {
                _position++;
                Append(ref _chars, ref _charCount, "\"");
                if (spansLines)
                {
                    Append(ref _replay, ref _replayLength, "\"");
                }

                continue;
            }

            if (next is ',' or '\r' or '\n')
            {
                _position++;
                EndField();
                if (next == ',')
                {
                    return true;
                }

                EndLine(next);
                return false;
            }

            Error ??= TextAfterClosingQuoteError;
            return spansLines ? EndBrokenQuotedField(contentBeforeLineBreak, fieldLine) : ReadUnquotedField();
        }
    }

    /// <summary>
    /// Ends the record at the first line break of a quoted field whose quote never properly closed,
    /// and puts the text after that line break back to be read as the following records.
    /// </summary>
    private bool EndBrokenQuotedField(int contentBeforeLineBreak, long fieldLine)
    {
        if (contentBeforeLineBreak >= 0)
        {
            _charCount = contentBeforeLineBreak;
            PutBack(_replay.AsSpan(0, _replayLength));
            _line = fieldLine + 1;
        }

        EndField();
        return false;
    }

    private void PutBack(ReadOnlySpan<char> text)
    {
        int unread = _length - _position;
        int total = text.Length + unread;
        if (total > _buffer.Length)
        {
            char[] larger = new char[total];
            _buffer.AsSpan(_position, unread).CopyTo(larger.AsSpan(text.Length));
            _buffer = larger;
        }
        else
        {
            _buffer.AsSpan(_position, unread).CopyTo(_buffer.AsSpan(text.Length));
        }

        text.CopyTo(_buffer);
        _position = 0;
        _length = total;
    }

    /// <summary>Counts a line break whose first character was just consumed, consuming the LF of a CRLF.</summary>
    private void EndLine(char consumed)
    {
        _line++;
        if (consumed == '\r' && HasData() && _buffer[_position] == '\n')
        {
            _position++;
        }
    }

    private bool HasData()
    {
        return _position < _length || Fill();
    }

    private bool Fill()
    {
        while (!_endOfInput)
        {
            _position = 0;
            _length = _reader.Read(_buffer, 0, _buffer.Length);
            if (_length == 0)
            {
                _endOfInput = true;
                break;
            }

            if (!_started)
            {
                _started = true;
                if (_buffer[0] == '\uFEFF')
                {
                    _position = 1;
                }
            }

            if (_position < _length)
            {
                return true;
            }
        }

        return false;
    }

    private void EndField()
    {
        if (_fieldCount == _fieldEnds.Length)
        {
            Array.Resize(ref _fieldEnds, _fieldCount * 2);
            Array.Resize(ref _fields, _fieldCount * 2);
        }

        _fieldEnds[_fieldCount++] = _charCount;
    }

    private string CreateField(int index)
    {
        int start = index == 0 ? 0 : _fieldEnds[index - 1];
        int length = _fieldEnds[index] - start;
        return length == 0 ? "" : new string(_chars, start, length);
    }

    private static void Append(ref char[] destination, ref int count, ReadOnlySpan<char> text)
    {
        if (count + text.Length > destination.Length)
        {
            Array.Resize(ref destination, Math.Max(destination.Length * 2, count + text.Length));
        }

        text.CopyTo(destination.AsSpan(count));
        count += text.Length;
    }
}
