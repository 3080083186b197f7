using System.Security.Cryptography;

namespace Madoguchi.Staff;

/// <summary>
/// Time-based one-time codes (RFC 6238: HMAC-SHA1, 30 seconds, 6 digits) as authenticator apps
/// make them, from a Base32 key: the office's sign-in checks typed codes with it (each once), the
/// training mode shows the current one, and tests type them as a person would.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;

    public static string Code(string base32Key, DateTimeOffset at) => CodeAt(base32Key, at.ToUnixTimeSeconds() / StepSeconds);

    /// <summary>The code of one time step (seconds since 1970 divided by 30).</summary>
    public static string CodeAt(string base32Key, long step)
    {
        var key = Base32(base32Key);
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
        HMACSHA1.HashData(key, counter, hash);
        var offset = hash[19] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The address an authenticator app reads from the enrolment QR code.</summary>
    public static string Uri(string issuer, string login, string base32Key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(issuer)}:{System.Uri.EscapeDataString(login)}?secret={base32Key}&issuer={System.Uri.EscapeDataString(issuer)}&digits=6&period=30";

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>(clean.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var v = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (v < 0)
            {
                throw new FormatException("The authenticator key is not Base32.");
            }

            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
