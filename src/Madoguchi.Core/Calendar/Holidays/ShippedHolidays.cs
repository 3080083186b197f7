namespace Madoguchi.Calendar.Holidays;

/// <summary>The syukujitsu.csv built into Madoguchi.Core (see README.md beside it), read once.</summary>
public static class ShippedHolidays
{
    private const string ResourceName = "Madoguchi.Calendar.Holidays.syukujitsu.csv";

    public static SyukujitsuReadResult List { get; } = Load();

    private static SyukujitsuReadResult Load()
    {
        using Stream stream = typeof(ShippedHolidays).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"組み込みの祝日一覧 {ResourceName} が見つかりません。Madoguchi.Core をビルドし直してください。");
        return SyukujitsuFile.Read(stream);
    }
}
