using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Madoguchi.Audit;

/// <summary>What broke the chain, for people and for scripts.</summary>
public enum AuditFault
{
    None,

    /// <summary>An entry's content differs from what its hash covers.</summary>
    Changed,

    /// <summary>An entry is missing from the chain (a gap in the ids, or the ids were closed up).</summary>
    Removed,

    /// <summary>An entry sits somewhere other than where it was written.</summary>
    Reordered,

    /// <summary>Entries that were never written in that place were put into the middle of the chain.</summary>
    Inserted,

    /// <summary>The chain holds together, but not with a day's last hash kept in a checkpoint: history was rewritten.</summary>
    Rewritten,

    /// <summary>A checkpoint names an entry past the log's end: the tail was cut off.</summary>
    EndsEarly,

    /// <summary>An entry after the first sealed one carries no key: it was chained by someone without the audit key.</summary>
    Unsealed,

    /// <summary>An entry names an audit key the verifier was not given: the log cannot be checked past it.</summary>
    KeyMissing,
}

/// <summary>The result of <see cref="VerifyAuditLog"/>; <see cref="Reason"/> is Japanese, <see cref="English"/> a short gloss.</summary>
public sealed record AuditVerification(bool Ok, long Entries, int Checkpoints, long? FirstBadEntry, AuditFault Fault, string Reason, string English);

/// <summary>
/// Recomputes the audit log's hash chain in id order, a batch at a time, with the audit keys, and
/// checks it against every checkpoint (those in the database and, when given, the reviewers' copy
/// kept outside it). Stops at the first entry that was changed, removed, reordered or inserted, and
/// says which. Entries written before audit keys (no key id) verify with plain SHA-256, but only as
/// the log's beginning: after the first sealed entry, an unsealed one is a forgery.
/// </summary>
public sealed class VerifyAuditLog(MadoguchiDb db, AuditKeys keys)
{
    public const int BatchSize = 5000;

    /// <summary>How far an entry's id is searched for when its content hashes right under another id.</summary>
    private const int RenumberReach = 100;

    public async Task<AuditVerification> RunAsync(IReadOnlyList<CheckpointLine>? outside = null, CancellationToken cancellationToken = default)
    {
        var pins = (await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Day).ToListAsync(cancellationToken))
            .Select(c => new Pin(c.Day, c.LastEntryId, c.LastHash, Outside: false))
            .Concat((outside ?? []).Select(c => new Pin(c.Day, c.LastEntryId, c.LastHash, Outside: true)))
            .ToList();
        var pinsAt = pins.ToLookup(p => p.LastEntryId);
        Pin? lastGood = null;

        long expected = 1;
        var previous = AuditLog.Genesis;
        long after = 0;
        long legacy = 0;
        var sealedSeen = false;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Id > after)
                .OrderBy(e => e.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var entry in batch)
            {
                if (entry.KeyId is { } keyId && keys.Find(keyId) is null)
                {
                    return await FailAsync(
                        new Fault(
                            entry.Id,
                            AuditFault.KeyMissing,
                            $"第{Id(entry.Id)}番の記録は監査の鍵「{keyId}」で守られていますが、この鍵が与えられていません。鍵のファイル（Madoguchi__Audit__KeyFile）に古い鍵も残しているか確かめてください。",
                            $"The audit key '{keyId}' is missing: the entry cannot be checked."),
                        pins.Count,
                        cancellationToken);
                }

                if (entry.KeyId is null && sealedSeen)
                {
                    return await FailAsync(
                        new Fault(
                            entry.Id,
                            AuditFault.Unsealed,
                            $"第{Id(entry.Id)}番の記録は監査の鍵で守られていません。鍵で守られた記録の後に、鍵を持たない者が書き足したか書き換えた記録です。",
                            "An entry without the audit key's seal follows sealed entries: it was forged."),
                        pins.Count,
                        cancellationToken);
                }

                if (await FindFaultAsync(entry, expected, previous, cancellationToken) is { } fault)
                {
                    return await FailAsync(fault, pins.Count, cancellationToken);
                }

                sealedSeen |= entry.KeyId is not null;
                legacy += entry.KeyId is null ? 1 : 0;

                foreach (var pin in pinsAt[entry.Id].OrderBy(p => p.Outside).ThenBy(p => p.Day))
                {
                    if (!string.Equals(pin.LastHash, entry.Hash, StringComparison.OrdinalIgnoreCase))
                    {
                        var from = (lastGood?.LastEntryId ?? 0) + 1;
                        var range = from == entry.Id ? $"第{Id(entry.Id)}番" : $"第{Id(from)}番〜第{Id(entry.Id)}番のどこか";
                        return await FailAsync(
                            new Fault(
                                entry.Id,
                                AuditFault.Rewritten,
                                $"第{Id(entry.Id)}番の記録のハッシュが{pin.Describe()}と一致しません。{range}が書き換えられ、その後のハッシュが計算し直されています。",
                                "History was rewritten: the hash differs from the checkpoint."),
                            pins.Count,
                            cancellationToken);
                    }
                }

                lastGood = pinsAt[entry.Id].FirstOrDefault() ?? lastGood;
                previous = entry.Hash;
                expected = entry.Id + 1;
            }

            after = batch[^1].Id;
        }

        var beyond = pins.Where(p => p.LastEntryId >= expected).OrderBy(p => p.LastEntryId).FirstOrDefault();
        if (beyond is not null)
        {
            var ends = expected == 1 ? "監査ログに記録が1件もありません" : $"監査ログは第{Id(expected - 1)}番で終わっています";
            return await FailAsync(
                new Fault(
                    expected,
                    AuditFault.EndsEarly,
                    $"{ends}が、{beyond.Describe()}は第{Id(beyond.LastEntryId)}番までの記録を示しています。第{Id(expected)}番以降の記録が削除されています。",
                    "The log ends before its last checkpoint: the tail was cut off."),
                pins.Count,
                cancellationToken);
        }

        var checkedText = pins.Count == 0 ? "チェックポイントはまだありません" : $"チェックポイント {Count(pins.Count)} 件と一致しました";
        var legacyText = legacy == 0 ? "" : $"。うち最初の {Count(legacy)} 件は監査の鍵を使う前の記録です（SHA-256 で確かめ、{(sealedSeen ? "その後の鍵で守られた記録が最後の1件を固定しています" : "まだ鍵で守られた記録がありません")}）";
        return new AuditVerification(
            true,
            expected - 1,
            pins.Count,
            null,
            AuditFault.None,
            $"監査ログは改ざんされていません（{Count(expected - 1)} 件の記録を監査の鍵で確かめ、{checkedText}{legacyText}）。",
            "The audit log is intact.");
    }

    private async Task<Fault?> FindFaultAsync(AuditEntry entry, long expected, string previous, CancellationToken cancellationToken)
    {
        if (entry.Id != expected)
        {
            var missing = entry.Id - 1 == expected ? $"第{Id(expected)}番" : $"第{Id(expected)}番〜第{Id(entry.Id - 1)}番";
            return new Fault(expected, AuditFault.Removed, $"{missing}の記録が削除されています（番号が飛んでいます）。", "An entry was removed (a gap in the ids).");
        }

        var linked = string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal);
        var whole = Holds(entry, entry.PreviousHash, entry.Hash);
        if (linked && whole)
        {
            return null;
        }

        if (!linked)
        {
            var belongsAfter = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Hash == entry.PreviousHash && e.Id != entry.Id)
                .Select(e => (long?)e.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (belongsAfter > entry.Id)
            {
                return new Fault(
                    entry.Id,
                    AuditFault.Reordered,
                    $"第{Id(entry.Id)}番の記録の順序が入れ替えられています（この記録は本来 第{Id(belongsAfter.Value)}番の記録の後にあります）。",
                    "Entries were reordered.");
            }

            if (belongsAfter is { } earlier && earlier < entry.Id - 1)
            {
                return new Fault(
                    earlier + 1,
                    AuditFault.Inserted,
                    $"第{Id(earlier + 1)}番〜第{Id(entry.Id - 1)}番は後から差し込まれた記録です（第{Id(entry.Id)}番の記録は本来 第{Id(earlier)}番の記録の後にあります）。",
                    "Entries were inserted into the middle of the log.");
            }
        }

        if (!whole && OriginalId(entry) is { } original)
        {
            return original > entry.Id
                ? new Fault(
                    entry.Id,
                    AuditFault.Removed,
                    $"第{Id(entry.Id)}番から{Count(original - entry.Id)}件の記録が削除され、後の記録の番号が詰められています（いまの第{Id(entry.Id)}番は本来 第{Id(original)}番の記録です）。",
                    "Entries were removed and the later ones renumbered.")
                : new Fault(
                    original,
                    AuditFault.Inserted,
                    $"第{Id(original)}番〜第{Id(entry.Id - 1)}番は後から差し込まれた記録です（いまの第{Id(entry.Id)}番は本来 第{Id(original)}番の記録です）。",
                    "Entries were inserted into the middle of the log.");
        }

        if (!linked)
        {
            if (whole && entry.Id > 1)
            {
                return new Fault(
                    entry.Id - 1,
                    AuditFault.Changed,
                    $"第{Id(entry.Id - 1)}番の記録が書き換えられ、ハッシュも計算し直されています（第{Id(entry.Id)}番の記録とつながりません）。",
                    "An entry was changed and its hash recomputed.");
            }

            return new Fault(
                entry.Id,
                AuditFault.Removed,
                $"第{Id(entry.Id)}番の記録が前の記録とつながりません。第{Id(entry.Id)}番が書き換えられたか、その前の記録が削除されています。",
                "The chain is broken: an entry was changed or the one before it removed.");
        }

        if (await ContentBelongsAtAsync(entry, cancellationToken) is { } home)
        {
            return new Fault(
                entry.Id,
                AuditFault.Reordered,
                $"第{Id(entry.Id)}番の記録の内容は本来 第{Id(home)}番のものです（記録の順序が入れ替えられています）。",
                "Entries' contents were swapped.");
        }

        return new Fault(entry.Id, AuditFault.Changed, $"第{Id(entry.Id)}番の記録の内容が書き換えられています（ハッシュが合いません）。", "An entry was changed.");
    }

    /// <summary>The id under which the entry's content and links hash right, when only its id was changed (entries closed up or pushed down).</summary>
    private long? OriginalId(AuditEntry entry)
    {
        var id = entry.Id;
        try
        {
            for (long distance = 1; distance <= RenumberReach; distance++)
            {
                foreach (var candidate in new[] { id + distance, id - distance })
                {
                    if (candidate < 1)
                    {
                        continue;
                    }

                    entry.Id = candidate;
                    if (Holds(entry, entry.PreviousHash, entry.Hash))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }
        finally
        {
            entry.Id = id;
        }
    }

    /// <summary>A later entry whose id and links this content hashes right with: two entries' contents were swapped.</summary>
    private async Task<long?> ContentBelongsAtAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var moved = Copy(entry);
        var after = entry.Id;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Id > after)
                .OrderBy(e => e.Id)
                .Take(BatchSize)
                .Select(e => new { e.Id, e.PreviousHash, e.Hash })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return null;
            }

            foreach (var other in batch)
            {
                moved.Id = other.Id;
                if (Holds(moved, other.PreviousHash, other.Hash))
                {
                    return other.Id;
                }
            }

            after = batch[^1].Id;
        }
    }

    /// <summary>Whether the hash is the entry's seal with its key (or, for an entry from before keys, its SHA-256).</summary>
    private bool Holds(AuditEntry entry, string previousHash, string hash)
    {
        if (entry.KeyId is null)
        {
            return string.Equals(AuditLog.HashOf(entry, previousHash), hash, StringComparison.Ordinal);
        }

        return keys.Find(entry.KeyId) is { } key
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(AuditLog.SealOf(entry, previousHash, key)), Encoding.ASCII.GetBytes(hash));
    }

    private async Task<AuditVerification> FailAsync(Fault fault, int checkpoints, CancellationToken cancellationToken)
    {
        var entries = await db.AuditEntries.LongCountAsync(cancellationToken);
        return new AuditVerification(false, entries, checkpoints, fault.Entry, fault.Kind, fault.Reason, fault.English);
    }

    private static AuditEntry Copy(AuditEntry e) => new()
    {
        Id = e.Id,
        At = e.At,
        StaffId = e.StaffId,
        StaffLogin = e.StaffLogin,
        Role = e.Role,
        Address = e.Address,
        UserAgent = e.UserAgent,
        Action = e.Action,
        Records = e.Records,
        RecordCount = e.RecordCount,
        Outcome = e.Outcome,
        PreviousHash = e.PreviousHash,
        KeyId = e.KeyId,
        Hash = e.Hash,
    };

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private sealed record Fault(long Entry, AuditFault Kind, string Reason, string English);

    private sealed record Pin(DateOnly Day, long LastEntryId, string LastHash, bool Outside)
    {
        public string Describe() =>
            $"{(Outside ? "外部に保管したチェックポイント" : "データベースのチェックポイント")}（{Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}、第{LastEntryId.ToString(CultureInfo.InvariantCulture)}番）";
    }
}
