using Npgsql;

namespace Madoguchi.Tests.Wall.Attacks;

/// <summary>
/// Issue 13.1: with the public role's connection, every birth date of the demo was recovered from
/// <c>card_keys</c> in seconds. The public role must read no value derived from a birth date, and a
/// copy of the database without the card key must give no date by brute force either.
/// </summary>
public sealed class CardKeyAttackTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));

    [SkippableFact]
    public async Task The_public_role_reads_nothing_from_which_a_birth_date_can_be_computed()
    {
        await using var app = await Attackers.StartPublicAsync(DatabaseProvider.Postgres, Clock);
        var cards = Attackers.Cards(12);
        await app.ImportCardsAsync(Clock, cards);

        // Everything the role may SELECT, found by privilege, not by table name.
        await using var connection = await DatabaseRoles.ConnectAsync(app.Database, "madoguchi_public");
        var columns = new List<(string Table, string Column)>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            WHERE c.table_schema = 'public'
              AND has_column_privilege(current_user, format('%I.%I', c.table_schema, c.table_name), c.column_name, 'SELECT')
            ORDER BY 1, 2
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.NotEmpty(columns);
        var readable = new List<string>();
        foreach (var (table, column) in columns)
        {
            await using var read = new NpgsqlCommand($"SELECT DISTINCT \"{column}\"::text FROM \"{table}\" WHERE \"{column}\" IS NOT NULL LIMIT 100000", connection);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                readable.Add(reader.GetString(0));
            }
        }

        // The attacker holds the public process too, so it has the card key the app was given.
        var recovered = Attackers.Crack(readable, cards.Select(c => c.Number), Attackers.AppCardKey);

        Assert.True(recovered.Count == 0, $"{recovered.Count} of {cards.Length} dates of birth recovered from {string.Join(", ", columns.Select(c => $"{c.Table}.{c.Column}"))}: {string.Join("; ", recovered.Take(5))}");
    }

    [SkippableTheory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task A_copy_of_the_database_without_the_card_key_gives_no_birth_date_by_brute_force(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var cards = Attackers.Cards(12);
        await using (var db = database.Open())
        {
            var csv = "管理番号,氏名,生年月日,性別,住所\r\n" + string.Concat(cards.Select((c, i) => $"{c.Number},試験　{i}子,{c.Birth},女,長野県上田市大手一丁目{i}番\r\n"));
            await using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
            await new Madoguchi.Ledger.ImportLedgerFile(db, Clock, TestAudit.Trail(Clock)).RunAsync(file, "cards.csv", new Madoguchi.Ledger.LedgerImportOptions("test"));
        }

        // The digest column as a backup holds it (the ledger's own birth_date column is the city's to protect, ADR 0024).
        List<string> digests;
        await using (var db = database.Open())
        {
            digests = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.LedgerEntries.Select(e => e.BirthDigest));
        }

        Assert.Equal(cards.Length, digests.Count);
        // Without the key: the public recipe, and HMAC under a key that is not the city's.
        var recovered = Attackers.Crack(digests, cards.Select(c => c.Number), System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        Assert.True(recovered.Count == 0, $"{recovered.Count} of {cards.Length} dates of birth recovered from the digests alone: {string.Join("; ", recovered.Take(5))}");
    }
}
