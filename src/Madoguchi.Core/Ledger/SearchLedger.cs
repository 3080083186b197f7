using Madoguchi.Audit;
using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Ledger;

public sealed record LedgerQuery(string? ManagementNumber, string? Name, string? BirthDate)
{
    public bool IsEmpty => new[] { ManagementNumber, Name, BirthDate }.All(string.IsNullOrWhiteSpace);
}

public sealed record LedgerSearchResult(IReadOnlyList<LedgerEntry> Entries, bool More, IReadOnlyDictionary<string, string> Errors)
{
    public bool Searched { get; init; }
}

/// <summary>
/// Finds ledger entries by number, part of the name, or date of birth (any combination). The entries
/// shown or saved are written to the audit log, never what was typed: a name or a date of birth is
/// personal data.
/// </summary>
public sealed class SearchLedger(MadoguchiDb db, AuditTrail audit)
{
    public const int Limit = 100;

    /// <summary>The search the page shows; an empty form is no search and leaves no entry.</summary>
    public async Task<LedgerSearchResult> RunAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        var result = await FindAsync(query, cancellationToken);
        if (!query.IsEmpty)
        {
            await RecordAsync("ledger.search", result, cancellationToken);
        }

        return result;
    }

    /// <summary>The same entries for Excel (<c>csv</c> or <c>xlsx</c>); an empty or wrong query is refused and recorded so.</summary>
    public async Task<LedgerSearchResult> ExportAsync(LedgerQuery query, string format, CancellationToken cancellationToken = default)
    {
        var result = query.IsEmpty ? new LedgerSearchResult([], false, new Dictionary<string, string>()) : await FindAsync(query, cancellationToken);
        await RecordAsync($"export.ledger.search.{format}", result, cancellationToken, refused: !result.Searched);
        return result;
    }

    private Task RecordAsync(string action, LedgerSearchResult result, CancellationToken cancellationToken, bool refused = false) =>
        audit.RecordAsync(
            db,
            action,
            refused ? null : [.. result.Entries.Select(e => $"ledger:{e.Id}")],
            refused || result.Errors.Count > 0 ? AuditOutcome.Refused : AuditOutcome.Ok,
            cancellationToken);

    private async Task<LedgerSearchResult> FindAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        IQueryable<LedgerEntry> entries = db.LedgerEntries.AsNoTracking();
        var any = false;
        if (!string.IsNullOrWhiteSpace(query.ManagementNumber))
        {
            any = true;
            if (ManagementNumber.TryNormalize(query.ManagementNumber, out var number))
            {
                entries = entries.Where(e => e.ManagementNumber == number);
            }
            else
            {
                errors[nameof(query.ManagementNumber)] = ManagementNumber.FormatError;
            }
        }

        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            any = true;
            var part = LedgerRowReader.NormalName(query.Name).Replace("\u3000", "", StringComparison.Ordinal);
            entries = entries.Where(e => e.Name.Replace("\u3000", "").Contains(part));
        }

        if (!string.IsNullOrWhiteSpace(query.BirthDate))
        {
            any = true;
            if (JapaneseDate.TryParse(query.BirthDate, out var birth, out var error))
            {
                entries = entries.Where(e => e.BirthDate == birth);
            }
            else
            {
                errors[nameof(query.BirthDate)] = error;
            }
        }

        if (!any || errors.Count > 0)
        {
            return new LedgerSearchResult([], false, errors) { Searched = false };
        }

        var found = await entries.OrderBy(e => e.ManagementNumber).Take(Limit + 1).ToListAsync(cancellationToken);
        return new LedgerSearchResult(found.Take(Limit).ToList(), found.Count > Limit, errors) { Searched = true };
    }
}
