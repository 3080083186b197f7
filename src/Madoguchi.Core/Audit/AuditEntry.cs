namespace Madoguchi.Audit;

/// <summary>
/// One line of the audit log (監査ログ): who did what to which records, from which terminal, with
/// what outcome. Never a personal data value: records are named by their ids only. Each entry's
/// hash is keyed with an audit key held outside the database and covers its content and the
/// previous entry's hash, so a change, a removal, a reordering or an entry chained by anyone
/// without the key breaks the chain (`madoguchi audit verify`).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public int? StaffId { get; set; }

    public string? StaffLogin { get; set; }

    public string? Role { get; set; }

    public string? Address { get; set; }

    public string? UserAgent { get; set; }

    public required string Action { get; set; }

    /// <summary>Ids of the records shown or changed, e.g. "ledger:12,ledger:13" or "booking:7".</summary>
    public string Records { get; set; } = "";

    public int RecordCount { get; set; }

    /// <summary>ok, refused, failed.</summary>
    public required string Outcome { get; set; }

    public required string PreviousHash { get; set; }

    /// <summary>
    /// The audit key that sealed the entry (HMAC-SHA256, <see cref="AuditKeys"/>); null for the
    /// entries written before keys (plain SHA-256), which may only come before the first sealed one.
    /// </summary>
    public string? KeyId { get; set; }

    public required string Hash { get; set; }
}

/// <summary>The last hash of a day, to be kept outside the database too, so a cut-off tail is found.</summary>
public sealed class AuditCheckpoint
{
    public DateOnly Day { get; set; }

    public long LastEntryId { get; set; }

    public required string LastHash { get; set; }

    public DateTimeOffset WrittenAt { get; set; }
}
