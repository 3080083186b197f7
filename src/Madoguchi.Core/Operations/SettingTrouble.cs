using System.Text.RegularExpressions;

namespace Madoguchi.Operations;

/// <summary>
/// A setting the process cannot start with (or what a setting points to: a key file, a database not
/// yet migrated), said in Japanese for the person who wrote it: which setting (as the environment
/// variable it is usually given by), the value, and what to do instead. Both hosts print this, not a
/// stack trace, and stop with exit code 2.
/// </summary>
public sealed partial class SettingTrouble : InvalidOperationException
{
    public SettingTrouble(string message)
        : base(message)
    {
    }

    public SettingTrouble(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>
    /// The Japanese words for a setting that failed, or null when the exception is not about a setting:
    /// ours, and .NET's own "Failed to convert configuration value" for a number or a yes/no that is neither.
    /// </summary>
    public static string? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is SettingTrouble)
        {
            return exception.Message;
        }

        if (exception is InvalidOperationException && Converting().Match(exception.Message) is { Success: true } failed)
        {
            var name = EnvironmentName(failed.Groups["key"].Value);
            var wanted = failed.Groups["type"].Value switch
            {
                "System.Boolean" => "「true」か「false」",
                "System.Int32" or "System.Int64" or "System.Int16" => "数字（整数）",
                "System.Double" or "System.Decimal" => "数",
                "System.TimeSpan" => "「00:30:00」のような時間",
                _ => "正しい形の値",
            };
            return $"設定 {name} の値「{failed.Groups["value"].Value}」を読めません。{wanted}を指定してください（appsettings.json では {failed.Groups["key"].Value}）。"
                + $" / The setting {name} cannot be read: '{failed.Groups["value"].Value}' is not a {failed.Groups["type"].Value}.";
        }

        return null;
    }

    /// <summary>Madoguchi:Backup:Keep → Madoguchi__Backup__Keep, as it is written in a unit file or the Windows service's environment.</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'\.", RegexOptions.Singleline)]
    private static partial Regex Converting();
}
