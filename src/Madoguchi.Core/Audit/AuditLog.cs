using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Madoguchi.Audit;

/// <summary>
/// Appends entries to the hash chain. Writers take turns (an advisory lock on PostgreSQL, the
/// writer queue on SQLite) so that each entry names the one before it; inside a caller's
/// transaction the entry commits or rolls back with the change it records. Each entry is sealed
/// with the current audit key (<see cref="AuditKeys"/>), which the database never sees.
/// </summary>
public sealed class AuditLog(MadoguchiDb db, TimeProvider clock, AuditKeys keys)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const long ChainLock = 0x6d61646f67756368;

    public async Task<AuditEntry> WriteAsync(AuditEvent e, CancellationToken cancellationToken = default)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await AppendAsync(e, cancellationToken);
        }

        return await db.InTransactionAsync(async () => (true, await AppendAsync(e, cancellationToken)), cancellationToken);
    }

    /// <summary>The legacy hash of an entry written before audit keys: SHA-256 over the previous hash and every field, in a fixed order.</summary>
    public static string HashOf(AuditEntry entry, string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(entry, previousHash))));

    /// <summary>The seal of an entry: HMAC-SHA256 with the key over the key's id, the previous hash and every field.</summary>
    public static string SealOf(AuditEntry entry, string previousHash, AuditKey key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key.Secret, Encoding.UTF8.GetBytes(key.Id + '\u001f' + Text(entry, previousHash))));

    private static string Text(AuditEntry entry, string previousHash) =>
        string.Join(
            '\u001f',
            previousHash,
            entry.Id.ToString(CultureInfo.InvariantCulture),
            entry.At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            entry.StaffId?.ToString(CultureInfo.InvariantCulture) ?? "",
            entry.StaffLogin ?? "",
            entry.Role ?? "",
            entry.Address ?? "",
            entry.UserAgent ?? "",
            entry.Action,
            entry.Records,
            entry.RecordCount.ToString(CultureInfo.InvariantCulture),
            entry.Outcome);

    private async Task<AuditEntry> AppendAsync(AuditEvent e, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [ChainLock], cancellationToken);
        }

        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(x => x.Id).Select(x => new { x.Id, x.Hash }).FirstOrDefaultAsync(cancellationToken);
        var records = e.Records ?? [];
        var entry = new AuditEntry
        {
            Id = (last?.Id ?? 0) + 1,
            At = clock.GetUtcNow(),
            StaffId = e.StaffId,
            StaffLogin = Clip(e.StaffLogin, 60),
            Role = Clip(e.Role, 20),
            Address = Clip(e.Address, 64),
            UserAgent = Clip(e.UserAgent, 300),
            Action = e.Action,
            Records = string.Join(',', records),
            RecordCount = records.Count,
            Outcome = e.Outcome,
            PreviousHash = last?.Hash ?? Genesis,
            KeyId = keys.Current.Id,
            Hash = "",
        };
        entry.Hash = SealOf(entry, entry.PreviousHash, keys.Current);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(entry).State = EntityState.Detached;
        return entry;
    }

    /// <summary>Control characters are dropped (one of them separates the fields in the hash), then the text is cut to the column's length.</summary>
    private static string? Clip(string? text, int length)
    {
        if (text is null)
        {
            return null;
        }

        var clean = string.Concat(text.Where(c => !char.IsControl(c)));
        return clean.Length <= length ? clean : clean[..length];
    }
}
