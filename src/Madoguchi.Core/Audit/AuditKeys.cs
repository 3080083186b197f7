using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Audit;

/// <summary>One audit key: its id (kept in each entry it seals) and its 32 secret bytes.</summary>
public sealed record AuditKey(string Id, byte[] Secret);

/// <summary>
/// The keys that seal the audit log's chain (HMAC-SHA256), held outside the database: a key file
/// in the office configuration (<c>Madoguchi:Audit:KeyFile</c>, default <c>data/audit-keys</c>, one
/// <c>id base64</c> line per key, the last one current) and, optionally, one key given directly
/// (<c>Madoguchi:Audit:Key</c> with <c>Madoguchi:Audit:KeyId</c>), which is then the current key.
/// Old keys stay in the file so that the entries they sealed still verify (ADR 0026).
/// </summary>
public sealed class AuditKeys
{
    public const string DefaultFile = "data/audit-keys";
    private const int SecretBytes = 32;

    private readonly Dictionary<string, AuditKey> _byId;

    public AuditKeys(IEnumerable<AuditKey> keys, string currentId)
    {
        _byId = keys.ToDictionary(k => k.Id, StringComparer.Ordinal);
        Current = _byId.TryGetValue(currentId, out var current)
            ? current
            : throw new Madoguchi.Operations.SettingTrouble($"監査の鍵「{currentId}」がありません。");
    }

    /// <summary>The key that seals new entries.</summary>
    public AuditKey Current { get; }

    public IReadOnlyCollection<AuditKey> All => _byId.Values;

    public AuditKey? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A fresh in-memory key, for a throwaway database.</summary>
    public static AuditKeys Generate(string id = "k1") =>
        new([new AuditKey(id, RandomNumberGenerator.GetBytes(SecretBytes))], id);

    /// <summary>
    /// Reads the office's keys. When there is neither a key file nor a key in the settings, a key
    /// file with one fresh key is written (readable by its owner only), so a new installation seals
    /// its log from the first entry; the city backs that file up apart from the database.
    /// </summary>
    public static AuditKeys From(IConfiguration configuration, TimeProvider clock)
    {
        var path = configuration["Madoguchi:Audit:KeyFile"] ?? DefaultFile;
        var keys = File.Exists(path) ? ReadFile(path) : [];
        var direct = configuration["Madoguchi:Audit:Key"];
        if (!string.IsNullOrWhiteSpace(direct))
        {
            var id = configuration["Madoguchi:Audit:KeyId"];
            if (string.IsNullOrWhiteSpace(id) || !ValidId(id))
            {
                throw new Madoguchi.Operations.SettingTrouble("Madoguchi__Audit__Key を使うときは Madoguchi__Audit__KeyId に鍵の名前（英数字と - _ 、40文字まで）も設定してください。");
            }

            keys.RemoveAll(k => k.Id == id);
            keys.Add(new AuditKey(id, Secret(direct, "Madoguchi__Audit__Key")));
            return new AuditKeys(keys, id);
        }

        if (keys.Count == 0)
        {
            AddTo(path, clock);
            keys = ReadFile(path);
        }

        return new AuditKeys(keys, keys[^1].Id);
    }

    /// <summary>Appends a fresh key to the key file (creating it); it becomes the current key. Returns its id.</summary>
    public static string AddTo(string path, TimeProvider clock)
    {
        var existing = File.Exists(path) ? ReadFile(path) : [];
        var stem = "k" + clock.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var id = stem;
        for (var n = 2; existing.Any(k => k.Id == id); n++)
        {
            id = $"{stem}-{n.ToString(CultureInfo.InvariantCulture)}";
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var line = $"{id} {Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes))}\n";
        if (!File.Exists(path))
        {
            var header = "# Madoguchi audit keys: one \"id base64\" line per key, the last one seals new entries.\n"
                + "# Keep every old line (old entries verify with it) and back this file up apart from the database.\n";
            File.WriteAllText(path, header, new UTF8Encoding(false));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        File.AppendAllText(path, line, new UTF8Encoding(false));
        return id;
    }

    private static List<AuditKey> ReadFile(string path)
    {
        var keys = new List<AuditKey>();
        var number = 0;
        foreach (var raw in File.ReadAllLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !ValidId(parts[0]))
            {
                throw new Madoguchi.Operations.SettingTrouble($"監査の鍵のファイル {path} の {number} 行目が読めません。「名前 base64の鍵」の形で書いてください。");
            }

            keys.RemoveAll(k => k.Id == parts[0]);
            keys.Add(new AuditKey(parts[0], Secret(parts[1], $"{path} の {number} 行目")));
        }

        return keys;
    }

    private static byte[] Secret(string base64, string where)
    {
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new Madoguchi.Operations.SettingTrouble($"監査の鍵（{where}）は base64 で書いてください（例: openssl rand -base64 32）。");
        }

        return secret.Length >= SecretBytes
            ? secret
            : throw new Madoguchi.Operations.SettingTrouble($"監査の鍵（{where}）が短すぎます。32バイト以上にしてください（例: openssl rand -base64 32）。");
    }

    private static bool ValidId(string id) =>
        id.Length is > 0 and <= 40 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
