using System.Globalization;

namespace Madoguchi.Audit;

/// <summary>One checkpoint as the reviewers keep it outside the database: a day, its last entry's id and hash.</summary>
public sealed record CheckpointLine(DateOnly Day, long LastEntryId, string LastHash);

/// <summary>
/// The checkpoint file: one line per day, <c>yyyy-MM-dd&lt;TAB&gt;lastEntryId&lt;TAB&gt;lastHash</c>.
/// Blank lines and lines starting with # are skipped, so reviewers may annotate their copy.
/// </summary>
public static class CheckpointFile
{
    public static string Line(CheckpointLine c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return string.Create(CultureInfo.InvariantCulture, $"{c.Day:yyyy-MM-dd}\t{c.LastEntryId}\t{c.LastHash}");
    }

    /// <summary>Reads the lines; a line that cannot be read is named in <paramref name="errors"/> (Japanese, with what to do).</summary>
    public static async Task<IReadOnlyList<CheckpointLine>> ReadAsync(TextReader reader, List<string> errors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(errors);
        var lines = new List<CheckpointLine>();
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            number++;
            var line = text.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length == 3
                && DateOnly.TryParseExact(parts[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                && long.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && id >= 1
                && parts[2].Trim() is { Length: 64 } hash
                && hash.All(char.IsAsciiHexDigit))
            {
                lines.Add(new CheckpointLine(day, id, hash.ToLowerInvariant()));
            }
            else if (errors.Count < 20)
            {
                errors.Add($"チェックポイントのファイルの {number} 行目が読めません。「日付（yyyy-MM-dd）、タブ、番号、タブ、64桁のハッシュ」の形にしてください（madoguchi audit checkpoint --export で書き出したままの形）。");
            }
        }

        return lines;
    }
}
