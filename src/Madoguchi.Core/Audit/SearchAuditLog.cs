using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

using Madoguchi.Exports;
using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Audit;

/// <summary>What the 監査 role searches by, as typed: staff login, action, record (e.g. ledger:12), period.</summary>
public sealed record AuditQuery(string? Login, string? Action, string? Record, string? From, string? To, int Page = 1);

/// <summary>The search read and checked; <see cref="Errors"/> is keyed by the query's field names.</summary>
public sealed record AuditFilter(string? Login, string? Action, string? Record, DateOnly? From, DateOnly? To, IReadOnlyDictionary<string, string> Errors)
{
    public bool Valid => Errors.Count == 0;
}

public sealed record AuditSearchPage(IReadOnlyList<AuditEntry> Entries, long Total, int Page, int Pages);

/// <summary>
/// Finds audit entries, newest first, a page at a time; the same search streams into a CSV or fills
/// an Excel workbook. The log holds ids, never personal data values, so neither does anything shown
/// from it. Each search and each file is itself recorded: <c>audit.search</c>,
/// <c>export.audit.entries</c>, <c>export.audit.entries.xlsx</c>.
/// </summary>
public sealed partial class SearchAuditLog(MadoguchiDb db, AuditTrail audit)
{
    public const int PageSize = 100;

    public const string CsvHeader = "番号,日時,職員ID,ログイン名,役割,端末のアドレス,ブラウザ,操作,対象の記録,記録の数,結果,ハッシュ";

    public static AuditFilter Read(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new Dictionary<string, string>();
        var login = Clean(query.Login);
        var action = Clean(query.Action)?.ToLowerInvariant();
        if (action is not null && !ActionPattern().IsMatch(action))
        {
            errors[nameof(query.Action)] = $"操作「{action}」は使えません。英小文字と点で入力してください（例: ledger.search、staff.signin、ledger で始まるものすべてなら ledger）。";
        }

        var record = Clean(query.Record)?.Replace(" ", "", StringComparison.Ordinal);
        if (record is not null)
        {
            var colon = record.IndexOf(':', StringComparison.Ordinal);
            record = colon < 0 ? record : record[..colon].ToLowerInvariant() + record[colon..];
            if (!RecordPattern().IsMatch(record))
            {
                errors[nameof(query.Record)] = $"記録「{record}」は「種類:番号」の形で入力してください（例: ledger:12、booking:7、staff:3）。";
            }
        }

        var from = Day(query.From, nameof(query.From), "開始日", errors);
        var to = Day(query.To, nameof(query.To), "終了日", errors);
        if (from > to)
        {
            errors[nameof(query.To)] = $"終了日（{to:yyyy-MM-dd}）が開始日（{from:yyyy-MM-dd}）より前です。期間を入れ替えてください。";
        }

        return new AuditFilter(login, action, record, from, to, errors);
    }

    public async Task<AuditSearchPage> PageAsync(AuditFilter filter, int page, CancellationToken cancellationToken = default)
    {
        var entries = Apply(filter);
        var total = await entries.LongCountAsync(cancellationToken);
        var pages = (int)Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var shown = await entries.OrderByDescending(e => e.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        await audit.RecordAsync(db, "audit.search", cancellationToken: cancellationToken);
        return new AuditSearchPage(shown, total, page, pages);
    }

    public static readonly IReadOnlyList<string> Headers = CsvHeader.Split(',');

    /// <summary>Every entry the search finds, newest first, as CSV lines (UTF-8 with a BOM for Excel, see <see cref="TableCsv"/>).</summary>
    public async Task<int> WriteCsvAsync(AuditFilter filter, TextWriter writer, CancellationToken cancellationToken = default)
    {
        await audit.RecordAsync(db, "export.audit.entries", cancellationToken: cancellationToken);
        return await TableCsv.WriteAsync(Headers, RowsAsync(filter), writer, cancellationToken);
    }

    /// <summary>The search as an Excel workbook, or null (recorded as refused) when it finds more than a workbook holds.</summary>
    public async Task<byte[]?> XlsxAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        var rows = await RowsAsync(filter).Take(TableXlsx.MostRows + 1).ToListAsync(cancellationToken);
        if (rows.Count > TableXlsx.MostRows)
        {
            await audit.RecordAsync(db, "export.audit.entries.xlsx", outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);
            return null;
        }

        await audit.RecordAsync(db, "export.audit.entries.xlsx", cancellationToken: cancellationToken);
        return TableXlsx.Bytes(new ExportTable("監査ログ", Headers, rows));
    }

    private IAsyncEnumerable<IReadOnlyList<object?>> RowsAsync(AuditFilter filter) =>
        Apply(filter).OrderByDescending(e => e.Id).AsAsyncEnumerable().Select(Row);

    private static IReadOnlyList<object?> Row(AuditEntry e) =>
    [
        e.Id,
        e.At.ToCityTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        e.StaffId,
        e.StaffLogin,
        AuditWords.Role(e.Role),
        e.Address,
        e.UserAgent,
        e.Action,
        e.Records,
        e.RecordCount,
        AuditWords.Outcome(e.Outcome),
        e.Hash,
    ];

    private IQueryable<AuditEntry> Apply(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        IQueryable<AuditEntry> entries = db.AuditEntries.AsNoTracking();
        if (filter.Login is { } login)
        {
            entries = entries.Where(e => e.StaffLogin == login);
        }

        if (filter.Action is { } action)
        {
            var below = action + ".";
            entries = entries.Where(e => e.Action == action || e.Action.StartsWith(below));
        }

        if (filter.Record is { } record)
        {
            // Records are ids joined by commas: "ledger:12,ledger:13".
            var first = record + ",";
            var last = "," + record;
            var middle = "," + record + ",";
            entries = entries.Where(e => e.Records == record || e.Records.StartsWith(first) || e.Records.EndsWith(last) || e.Records.Contains(middle));
        }

        if (filter.From is { } from)
        {
            var start = AuditDays.Bounds(from).Start;
            entries = entries.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = AuditDays.Bounds(to).End;
            entries = entries.Where(e => e.At < end);
        }

        return entries;
    }

    public static string? Clean(string? text)
    {
        var value = (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
        return value.Length == 0 ? null : value;
    }

    public static DateOnly? Day(string? text, string field, string label, Dictionary<string, string> errors)
    {
        if (Clean(text) is not { } value)
        {
            return null;
        }

        if (JapaneseDate.TryParse(value, out var day, out _))
        {
            return day;
        }

        errors[field] = $"{label}「{value}」は日付として読めません。例: 2027-03-01 の形で入力してください。";
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*$")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("^[a-z][a-z_-]*:[A-Za-z0-9_-]+$")]
    private static partial Regex RecordPattern();
}
