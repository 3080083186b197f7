using Madoguchi.Ledger;

namespace Madoguchi.Tests.Wall;

/// <summary>An office-side helper the leaky code calls (outside the checked namespace, like a real office class).</summary>
public static class LedgerLookup
{
    public static async Task<LedgerEntry?> FindAsync(MadoguchiDb db, long id) => await db.LedgerEntries.FindAsync(id);
}
