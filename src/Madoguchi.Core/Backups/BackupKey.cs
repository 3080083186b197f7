using System.Text;

using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace Madoguchi.Backups;

/// <summary>
/// The passphrase that encrypts backups, read from the first line of the key file
/// (<c>Madoguchi:Backup:KeyFile</c>; make one with <c>openssl rand -base64 32</c>). A backup is an
/// OpenPGP message (RFC 4880) made by BouncyCastle: compressed, then encrypted with AES-256 under a
/// key derived from the passphrase (iterated and salted S2K, SHA-256), with the integrity check
/// (MDC) on. An operator can therefore also open it without Madoguchi:
/// <c>gpg --batch --passphrase-file KEYFILE --decrypt FILE.gpg &gt; FILE</c> (ADR 0031).
/// </summary>
public sealed class BackupKey
{
    /// <summary>Shorter passphrases are refused: the key guards a copy of the whole ledger.</summary>
    public const int MinimumLength = 32;

    private readonly char[] _passphrase;

    private BackupKey(char[] passphrase) => _passphrase = passphrase;

    /// <summary>The key in the file, or a problem saying what to do when the file is missing or too short.</summary>
    public static Outcome<BackupKey> Read(string path)
    {
        if (!File.Exists(path))
        {
            return BackupProblems.Refused(
                "backup-key-missing",
                "バックアップの鍵のファイルが見つかりません",
                $"鍵のファイル {Path.GetFullPath(path)} がありません。Madoguchi__Backup__KeyFile のパスを確かめてください。"
                + "新しく作るときは openssl rand -base64 32 > ファイル で作り、chmod 600 にして、データベースとは別の場所にも保管します。",
                $"The backup key file {Path.GetFullPath(path)} is missing.");
        }

        var first = File.ReadLines(path, Encoding.UTF8).FirstOrDefault()?.Trim() ?? "";
        if (first.Length < MinimumLength)
        {
            return BackupProblems.Refused(
                "backup-key-short",
                "バックアップの鍵が短すぎます",
                $"鍵のファイル {Path.GetFullPath(path)} の1行目を{MinimumLength}文字以上にしてください（例: openssl rand -base64 32 で作る）。",
                $"The first line of the backup key file must have at least {MinimumLength} characters.");
        }

        return new BackupKey(first.ToCharArray());
    }

    /// <summary>Writes <paramref name="plain"/> to <paramref name="output"/> as an encrypted, integrity-protected OpenPGP message.</summary>
    public void Encrypt(Stream plain, Stream output, string name)
    {
        var buffer = new byte[1 << 16];
        var encryption = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: true, new SecureRandom());
        encryption.AddMethodUtf8(_passphrase, HashAlgorithmTag.Sha256);
        using (var encrypted = encryption.Open(output, new byte[1 << 16]))
        {
            var compression = new PgpCompressedDataGenerator(CompressionAlgorithmTag.Zip);
            using (var compressed = compression.Open(encrypted, new byte[1 << 16]))
            {
                var literal = new PgpLiteralDataGenerator();
                using var data = literal.Open(compressed, PgpLiteralData.Binary, name, DateTime.UtcNow, new byte[1 << 16]);
                int read;
                while ((read = plain.Read(buffer, 0, buffer.Length)) > 0)
                {
                    data.Write(buffer, 0, read);
                }
            }
        }
    }

    /// <summary>
    /// Writes the backup inside an encrypted file to <paramref name="plain"/>, or answers why not:
    /// a wrong key, or a file that was changed or cut short (the integrity check fails).
    /// </summary>
    public Problem? Decrypt(Stream encrypted, Stream plain)
    {
        try
        {
            var objects = new PgpObjectFactory(PgpUtilities.GetDecoderStream(encrypted));
            var list = Next<PgpEncryptedDataList>(objects);
            var data = list?.GetEncryptedDataObjects().OfType<PgpPbeEncryptedData>().FirstOrDefault();
            if (data is null)
            {
                return Unreadable();
            }

            Stream clear;
            try
            {
                clear = data.GetDataStreamUtf8(_passphrase);
            }
            catch (PgpException)
            {
                return WrongKey();
            }

            var inner = new PgpObjectFactory(clear);
            var next = inner.NextPgpObject();
            if (next is PgpCompressedData compressed)
            {
                inner = new PgpObjectFactory(compressed.GetDataStream());
                next = inner.NextPgpObject();
            }

            if (next is not PgpLiteralData literal)
            {
                return WrongKey();
            }

            literal.GetInputStream().CopyTo(plain);
            return data.IsIntegrityProtected() && data.Verify() ? null : Unreadable();
        }
        catch (Exception e) when (e is PgpException or IOException or InvalidDataException)
        {
            // A wrong passphrase usually fails the session key's quick check above; one that passes
            // it by chance yields garbage that fails here or at the integrity check.
            return e is PgpDataValidationException ? WrongKey() : Unreadable();
        }
    }

    private static T? Next<T>(PgpObjectFactory objects)
        where T : PgpObject
    {
        PgpObject? next;
        while ((next = objects.NextPgpObject()) is not null)
        {
            if (next is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Problem WrongKey() => BackupProblems.Refused(
        "backup-key-wrong",
        "バックアップの鍵が違います",
        "このバックアップは別の鍵で暗号化されています。バックアップを取ったときの鍵のファイルを Madoguchi__Backup__KeyFile（または --key-file）に指定してください。",
        "The backup was encrypted with another key: name the key file it was made with.");

    private static Problem Unreadable() => BackupProblems.Refused(
        "backup-damaged",
        "バックアップを読めません",
        "暗号化したバックアップが壊れているか、途中で切れています（完全性の確認に通りません）。別のバックアップから復元してください。",
        "The encrypted backup is damaged or cut short (its integrity check fails); restore another backup.");
}
