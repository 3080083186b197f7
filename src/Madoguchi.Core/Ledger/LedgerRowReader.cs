using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Ledger;

/// <summary>A reason a row or file was not taken, written for the clerk who must fix it.</summary>
public readonly record struct RowProblem(int Line, string Column, ProblemKind Kind, string Reason);

/// <summary>Checks one record against the format rules and brings its values to normal form.</summary>
public sealed class LedgerRowReader
{
    private readonly int[] _columnOf;
    private readonly int _fieldCount;
    private readonly DateOnly _today;

    private LedgerRowReader(int[] columnOf, int fieldCount, DateOnly today)
    {
        _columnOf = columnOf;
        _fieldCount = fieldCount;
        _today = today;
    }

    public IReadOnlyList<string> IgnoredColumns { get; private init; } = [];

    /// <summary>Reads the header row; a file without the required columns is refused whole.</summary>
    public static LedgerRowReader FromHeader(IReadOnlyList<string> header, DateOnly today)
    {
        var known = LedgerColumns.Required.Concat(LedgerColumns.Optional).ToArray();
        var columnOf = Enumerable.Repeat(-1, known.Length).ToArray();
        var ignored = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().Trim('\uFEFF', '\u3000');
            var k = Array.IndexOf(known, name);
            if (k < 0)
            {
                ignored.Add(name.Length == 0 ? $"({i + 1}列目・見出しなし)" : name);
            }
            else if (columnOf[k] >= 0)
            {
                throw new LedgerFileRejectedException(
                    $"見出し行に「{name}」の列が2つあります。どちらを使うか決められないため、ファイル全体を取り込みませんでした。国から届いた元のファイルを確認してください。");
            }
            else
            {
                columnOf[k] = i;
            }
        }

        var missing = LedgerColumns.Required.Where((_, k) => columnOf[k] < 0).ToList();
        if (missing.Count > 0)
        {
            throw new LedgerFileRejectedException(
                $"必須の列がありません: {string.Join("、", missing)}。1行目は「{string.Join(",", LedgerColumns.Required)}」を含む見出し行にしてください。ファイル全体を取り込みませんでした。");
        }

        return new LedgerRowReader(columnOf, header.Count, today) { IgnoredColumns = ignored };
    }

    /// <summary>
    /// Returns the row in normal form, or null after adding one problem per bad column.
    /// </summary>
    public LedgerRow? Read(int line, Func<int, string> field, int fieldCount, List<RowProblem> problems)
    {
        if (fieldCount != _fieldCount)
        {
            problems.Add(new RowProblem(line, LedgerColumns.WholeRow, ProblemKind.Rejected, LedgerMessages.FieldCount(_fieldCount, fieldCount)));
            return null;
        }

        var before = problems.Count;
        if (!ManagementNumber.TryNormalize(field(_columnOf[0]), out var number))
        {
            Reject(LedgerColumns.ManagementNumber, ManagementNumber.FormatError);
        }

        var name = NormalName(field(_columnOf[1]));
        CheckText(LedgerColumns.Name, name, LedgerMessages.NameMissing, LedgerLimits.NameLength, LedgerMessages.NameTooLong);

        if (!JapaneseDate.TryParse(field(_columnOf[2]), out var birth, out var birthError))
        {
            Reject(LedgerColumns.BirthDate, birthError);
        }
        else if (birth > _today)
        {
            Reject(LedgerColumns.BirthDate, LedgerMessages.BirthDateInFuture);
        }

        if (!SexCode.TryParse(field(_columnOf[3]), out var sex))
        {
            Reject(LedgerColumns.Sex, SexCode.FormatError);
        }

        var address = field(_columnOf[4]).Trim().Trim('\u3000');
        CheckText(LedgerColumns.Address, address, LedgerMessages.AddressMissing, LedgerLimits.AddressLength, LedgerMessages.AddressTooLong);

        var kind = ApplicationKind.New;
        if (_columnOf[5] >= 0 && !LedgerWords.TryParseKind(field(_columnOf[5]), out kind))
        {
            Reject(LedgerColumns.Kind, LedgerMessages.KindUnknown);
        }

        var arrived = _today;
        if (_columnOf[6] >= 0)
        {
            var text = field(_columnOf[6]);
            if (!string.IsNullOrWhiteSpace(text))
            {
                // A later day is the day the card is expected; until then it is booked as not ready.
                if (!JapaneseDate.TryParse(text, out arrived, out var arrivalError))
                {
                    Reject(LedgerColumns.ArrivedOn, arrivalError);
                }
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        return new LedgerRow(line, number, name, birth, sex, address, kind, arrived);

        void Reject(string column, string reason) => problems.Add(new RowProblem(line, column, ProblemKind.Rejected, reason));

        // A text column (name, address): garbled by a wrong encoding, empty, or longer than the ledger keeps.
        void CheckText(string column, string text, string missing, int maxLength, string tooLong)
        {
            if (text.Contains('\uFFFD', StringComparison.Ordinal))
            {
                Reject(column, LedgerMessages.Garbled);
            }
            else if (text.Length == 0)
            {
                Reject(column, missing);
            }
            else if (text.Length > maxLength)
            {
                Reject(column, tooLong);
            }
        }
    }

    /// <summary>Trims the name and writes every run of spaces between its parts as one full-width space.</summary>
    public static string NormalName(string text)
    {
        var trimmed = text.AsSpan().Trim().Trim('\u3000');
        var needsWork = false;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c == ' ' || (c == '\u3000' && i + 1 < trimmed.Length && (trimmed[i + 1] == ' ' || trimmed[i + 1] == '\u3000')))
            {
                needsWork = true;
                break;
            }
        }

        if (!needsWork)
        {
            return trimmed.Length == text.Length ? text : trimmed.ToString();
        }

        var sb = new System.Text.StringBuilder(trimmed.Length);
        var inSpace = false;
        foreach (var c in trimmed)
        {
            if (c == ' ' || c == '\u3000')
            {
                if (!inSpace)
                {
                    sb.Append('\u3000');
                }

                inSpace = true;
            }
            else
            {
                sb.Append(c);
                inSpace = false;
            }
        }

        return sb.ToString();
    }
}

/// <summary>The file as a whole cannot be imported; nothing of it was stored.</summary>
public sealed class LedgerFileRejectedException(string message) : Exception(message);
