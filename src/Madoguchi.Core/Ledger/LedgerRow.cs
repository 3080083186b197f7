using Madoguchi.Data;
using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Ledger;

/// <summary>A row of a national file that passed every format rule, in the ledger's normal forms.</summary>
public readonly record struct LedgerRow(
    int Line,
    string ManagementNumber,
    string Name,
    DateOnly BirthDate,
    Sex Sex,
    string Address,
    ApplicationKind Kind,
    DateOnly ArrivedOn)
{
    public bool SamePersonalData(string name, DateOnly birthDate, Sex sex, string address) =>
        Name == name && BirthDate == birthDate && Sex == sex && Address == address;

    public string DifferingColumns(string name, DateOnly birthDate, Sex sex, string address)
    {
        var columns = new List<string>(4);
        if (Name != name)
        {
            columns.Add(LedgerColumns.Name);
        }

        if (BirthDate != birthDate)
        {
            columns.Add(LedgerColumns.BirthDate);
        }

        if (Sex != sex)
        {
            columns.Add(LedgerColumns.Sex);
        }

        if (Address != address)
        {
            columns.Add(LedgerColumns.Address);
        }

        return string.Join("・", columns);
    }
}

public static class LedgerColumns
{
    public const string ManagementNumber = "管理番号";
    public const string Name = "氏名";
    public const string BirthDate = "生年月日";
    public const string Sex = "性別";
    public const string Address = "住所";
    public const string Kind = "申請区分";
    public const string ArrivedOn = "到着日";
    public const string WholeRow = "(行全体)";

    public static readonly string[] Required = [ManagementNumber, Name, BirthDate, Sex, Address];
    public static readonly string[] Optional = [Kind, ArrivedOn];
}

/// <summary>A reason a row or file was not taken, written for the clerk who must fix it.</summary>
public readonly record struct RowProblem(int Line, string Column, ProblemKind Kind, string Reason);

public static class LedgerMessages
{
    public const string NameMissing = "氏名が空欄です。国から届いたデータの該当行を確認してください。";
    public const string NameTooLong = "氏名が長すぎます（100文字まで）。データを確認してください。";
    public const string AddressMissing = "住所が空欄です。国から届いたデータの該当行を確認してください。";
    public const string AddressTooLong = "住所が長すぎます（200文字まで）。データを確認してください。";
    public const string BirthDateInFuture = "生年月日が今日より後の日付です。データを確認してください。";
    public const string KindUnknown = "申請区分は「新規」「再交付」「更新」のいずれかにしてください。";
    public const string Garbled = "文字が正しく読めません（文字化け）。ファイルの文字コード（UTF-8 か Shift_JIS）を確かめ、取込画面で文字コードを指定してやり直してください。";
    public const string ConflictInLedger =
        "この管理番号は交付管理簿に別の内容で登録済みのため、上書きしていません。国のデータと管理簿を照合し、訂正が必要なら係長に相談してください。";
    public const string ConflictInFile =
        "同じファイル内に同じ管理番号で内容の異なる行があるため、最初の行だけを取り込みました。国のデータを確認してください。";

    public static string FieldCount(int expected, int actual) =>
        $"列の数が見出し行と合いません（見出し {expected} 列、この行 {actual} 列）。区切りのカンマや引用符を確認してください。";
}

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
        if (name.Contains('\uFFFD', StringComparison.Ordinal))
        {
            Reject(LedgerColumns.Name, LedgerMessages.Garbled);
        }
        else if (name.Length == 0)
        {
            Reject(LedgerColumns.Name, LedgerMessages.NameMissing);
        }
        else if (name.Length > LedgerLimits.NameLength)
        {
            Reject(LedgerColumns.Name, LedgerMessages.NameTooLong);
        }

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
        if (address.Contains('\uFFFD', StringComparison.Ordinal))
        {
            Reject(LedgerColumns.Address, LedgerMessages.Garbled);
        }
        else if (address.Length == 0)
        {
            Reject(LedgerColumns.Address, LedgerMessages.AddressMissing);
        }
        else if (address.Length > LedgerLimits.AddressLength)
        {
            Reject(LedgerColumns.Address, LedgerMessages.AddressTooLong);
        }

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
