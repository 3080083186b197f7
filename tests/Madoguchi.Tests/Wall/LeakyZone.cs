using Madoguchi.Ledger;

namespace Madoguchi.Tests.Wall.Leaky;

// Deliberately bad code for PublicZoneArchitectureTests: each type reaches the ledger's personal
// data in a different way that a careless change to the public zone could. The rule must name
// every one of them, or it would miss the same change in the real zone. Nothing calls these.

/// <summary>Holds an entry: the plainest leak.</summary>
public sealed class LeakyProperty
{
    public LedgerEntry? Entry { get; set; }
}

/// <summary>Reads names in an async query: the use sits in a lambda inside a compiler-made state machine.</summary>
public sealed class LeakyQuery(MadoguchiDb db)
{
    public async Task<string?> NameAsync(string number, CancellationToken cancellationToken) =>
        await db.LedgerEntries.Where(e => e.ManagementNumber == number).Select(e => e.Name).SingleOrDefaultAsync(cancellationToken);
}

/// <summary>Counts through the generic set: the type appears only as a generic argument in a method body.</summary>
public sealed class LeakyGenericSet(MadoguchiDb db)
{
    public Task<int> CountAsync() => db.Set<LedgerEntry>().CountAsync();
}

/// <summary>Reads an address through a helper in another namespace: the type appears only in a call's signature.</summary>
public sealed class LeakyCall(MadoguchiDb db)
{
    public async Task<int> AddressLengthAsync(long id) => (await LedgerLookup.FindAsync(db, id))?.Address.Length ?? 0;
}
