using Madoguchi.Audit;
using Madoguchi.Exports;

namespace Madoguchi.Staff;

/// <summary>
/// Every staff account, for the 管理者 role: the list (<c>staff.accounts.view</c>) and the same for
/// Excel (<c>export.staff.accounts.csv</c>, <c>.xlsx</c>), each recorded with every account shown.
/// </summary>
public sealed class StaffAccountList(MadoguchiDb db, AuditTrail audit)
{
    public async Task<IReadOnlyList<StaffAccount>> ViewAsync(CancellationToken cancellationToken = default)
    {
        var accounts = await ReadAsync(cancellationToken);
        await audit.RecordAsync(db, "staff.accounts.view", Records(accounts), cancellationToken: cancellationToken);
        return accounts;
    }

    /// <summary>The list as a file, <paramref name="format"/> <c>csv</c> (UTF-8 with BOM) or <c>xlsx</c>.</summary>
    public async Task<byte[]> ExportAsync(string format, CancellationToken cancellationToken = default)
    {
        if (format is not ("csv" or "xlsx"))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "csv or xlsx");
        }

        var accounts = await ReadAsync(cancellationToken);
        await audit.RecordAsync(db, $"export.staff.accounts.{format}", Records(accounts), cancellationToken: cancellationToken);
        var table = ListTables.StaffAccounts(accounts);
        return format == "csv" ? await TableCsv.BytesAsync(table) : TableXlsx.Bytes(table);
    }

    private async Task<List<StaffAccount>> ReadAsync(CancellationToken cancellationToken) =>
        await db.StaffAccounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(cancellationToken);

    private static List<string> Records(List<StaffAccount> accounts) => [.. accounts.Select(a => $"staff:{a.Id}")];
}
