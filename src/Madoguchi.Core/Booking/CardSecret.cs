using System.Security.Cryptography;
using System.Text;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Booking;

/// <summary>
/// The card key: a secret kept outside the database (<c>Madoguchi:CardKey</c>, or the file
/// <c>Madoguchi:CardKeyFile</c>, default <c>data/card-key</c>). The ledger keeps an HMAC of the
/// number and date of birth under it, so a copy of the database without the key gives no date by
/// trying every day of a century (ADR 0024, 0025).
/// </summary>
public sealed class CardSecret
{
    public const string DefaultFile = "data/card-key";

    private readonly byte[] _key;

    public CardSecret(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new Madoguchi.Operations.SettingTrouble("カードの鍵（Madoguchi__CardKey）は32バイト以上（Base64 で44文字以上）にしてください。");
        }

        _key = key.ToArray();
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(_key, "madoguchi-card-key-id"u8))[..8];
    }

    /// <summary>
    /// A fixed key that is no secret, for tests and throwaway benchmark databases only. A process
    /// never falls back to it: <see cref="Resolve"/> reads or makes a real one.
    /// </summary>
    public static CardSecret Development { get; } = new(SHA256.HashData("madoguchi development card key (not secret)"u8));

    /// <summary>Names the key without revealing it: every digest starts with it, so re-keying finds the rows still under another key.</summary>
    public string Id { get; }

    public string Prefix => Id + ":";

    public static CardSecret Generate() => new(RandomNumberGenerator.GetBytes(32));

    public string ToBase64() => Convert.ToBase64String(_key);

    /// <summary>What the ledger keeps beside the date of birth: "key id:" and HMAC-SHA256 in base64url (52 characters).</summary>
    public string Digest(string managementNumber, DateOnly birthDate)
    {
        Span<byte> input = stackalloc byte[48];
        var length = Encoding.ASCII.GetBytes($"madoguchi-card-v2|{managementNumber}|{birthDate:yyyy-MM-dd}", input);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, input[..length], mac);
        return Prefix + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>
    /// The configured key: <c>Madoguchi:CardKey</c> (Base64), else the key file. A process that may
    /// create it (the office side, demo mode, the command line) makes the file when it is missing;
    /// a public-only process refuses to start without the office's key.
    /// </summary>
    public static CardSecret Resolve(IConfiguration configuration, bool mayCreate)
    {
        if (configuration["Madoguchi:CardKey"] is { Length: > 0 } text)
        {
            return FromBase64(text, "Madoguchi__CardKey");
        }

        var file = configuration["Madoguchi:CardKeyFile"] is { Length: > 0 } configured ? configured : DefaultFile;
        if (File.Exists(file))
        {
            return FromBase64(File.ReadAllText(file), file);
        }

        if (!mayCreate)
        {
            throw new Madoguchi.Operations.SettingTrouble(
                $"カードの鍵がありません。庁内のプロセスと同じ鍵を Madoguchi__CardKey か鍵のファイル（{file}）で設定してください（ADR 0025）。");
        }

        var made = Generate();
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(file, options);
            using var writer = new StreamWriter(stream);
            writer.Write(made.ToBase64());
            return made;
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process made it first: use that one.
            return FromBase64(File.ReadAllText(file), file);
        }
    }

    private static CardSecret FromBase64(string text, string source)
    {
        try
        {
            return new CardSecret(Convert.FromBase64String(text.Trim()));
        }
        catch (FormatException)
        {
            throw new Madoguchi.Operations.SettingTrouble($"カードの鍵（{source}）は Base64 で書いてください（例: openssl rand -base64 32）。");
        }
    }
}
