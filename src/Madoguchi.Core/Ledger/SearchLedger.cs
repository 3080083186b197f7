using Madoguchi.Data;
using Madoguchi.Ledger.Parsing;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Ledger;

public sealed record LedgerQuery(string? ManagementNumber, string? Name, string? BirthDate);

public sealed record LedgerSearchResult(IReadOnlyList<LedgerEntry> Entries, bool More, IReadOnlyDictionary<string, string> Errors)
{
    public bool Searched { get; init; }
}

/// <summary>Finds ledger entries by number, part of the name, or date of birth (any combination).</summary>
public sealed class SearchLedger(MadoguchiDb db)
{
    public const int Limit = 100;

    public async Task<LedgerSearchResult> RunAsync(LedgerQuery query, CancellationToken cancellationToken = default)
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
