using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Madoguchi.Ledger.Parsing;

/// <summary>
/// National ledger files arrive either as UTF-8 or as Shift_JIS the way Windows writes it (code page 932),
/// which unlike strict Shift_JIS has 髙, ① and the other NEC/IBM extension characters.
/// </summary>
public static class LedgerFileEncoding
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static Encoding ShiftJis { get; } = CreateShiftJis();

    public static Encoding Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\uFEFF"u8) || IsUtf8(head))
        {
            return Utf8NoBom;
        }

        return ShiftJis;
    }

    public static bool TryGetByName(string name, [MaybeNullWhen(false)] out Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(name);
        encoding = name.Trim().ToLowerInvariant() switch
        {
            "utf-8" or "utf8" => Utf8NoBom,
            "shift_jis" or "shift-jis" or "sjis" or "cp932" or "windows-31j" => ShiftJis,
            _ => null,
        };
        return encoding is not null;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> head)
    {
        if (Utf8.IsValid(head))
        {
            return true;
        }

        // The head is cut at a fixed length, so its last character may be missing up to three of its four bytes.
        int start = head.Length - 1;
        while (start > 0 && head.Length - start < 3 && (head[start] & 0b1100_0000) == 0b1000_0000)
        {
            start--;
        }

        return Rune.DecodeFromUtf8(head[start..], out _, out _) == OperationStatus.NeedMoreData
            && Utf8.IsValid(head[..start]);
    }

    private static Encoding CreateShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932);
    }
}
