namespace Madoguchi.Booking;

/// <summary>
/// On PostgreSQL the lock-out rules live in the database, where <c>check_card</c> reads them, so a
/// caller of the function cannot choose its own limits. The office side writes them at start from its
/// settings, with the card key's id, against which a public-only process checks its own key.
/// </summary>
public sealed class CardCheckRules(MadoguchiDb db, BookingSettings settings)
{
    public async Task WriteAsync(CancellationToken cancellationToken = default)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO card_check_rules (id, attempts, lock_minutes, key_id) VALUES (1, {0}, {1}, {2})
            ON CONFLICT (id) DO UPDATE SET attempts = EXCLUDED.attempts, lock_minutes = EXCLUDED.lock_minutes, key_id = EXCLUDED.key_id
            """,
            [settings.AttemptsBeforeLock, settings.LockMinutes, db.CardSecret.Id],
            cancellationToken);
    }

    /// <summary>A public process with another key than the office's would answer every date as wrong: it refuses to start instead.</summary>
    public async Task RequireSameKeyAsync(CancellationToken cancellationToken = default)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        var office = await db.Database.SqlQueryRaw<string>("""SELECT key_id AS "Value" FROM card_check_rules""").ToListAsync(cancellationToken);
        if (office.Count == 1 && office[0] != db.CardSecret.Id)
        {
            throw new Madoguchi.Operations.SettingTrouble(
                $"カードの鍵が庁内のプロセスと違います（この鍵: {db.CardSecret.Id}、庁内: {office[0]}）。同じ Madoguchi__CardKey か鍵のファイルを設定してください（ADR 0025）。");
        }
    }
}
