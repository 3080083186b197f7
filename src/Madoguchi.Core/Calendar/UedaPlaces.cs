namespace Madoguchi.Calendar;

/// <summary>A place where Ueda City hands out My Number cards.</summary>
/// <param name="Code">Stable ASCII identifier used in URLs and configuration.</param>
/// <param name="Name">Japanese display name.</param>
/// <param name="NameEnglish">English display name.</param>
/// <param name="Address">Postal address in Japanese.</param>
/// <param name="Counters">Number of counters (窓口) that serve card pick-ups in parallel.</param>
/// <param name="SeasonalNote">Japanese note when the place is only open part of the year; otherwise null.</param>
public sealed record PlaceDefinition(string Code, string Name, string NameEnglish, string Address, int Counters, string? SeasonalNote)
{
    public string Hours { get; init; } = WeeklyHours.Weekdays.ToString();

    public int SlotMinutes { get; init; } = 15;

    public int? SeatsPerSlot { get; init; }

    public string? SeasonFrom { get; init; }

    public string? SeasonUntil { get; init; }

    public DateOnly? OpenFrom { get; init; }

    public DateOnly? OpenUntil { get; init; }

    public Place ToPlace() => new()
    {
        Code = Code,
        Name = Name,
        NameEnglish = NameEnglish,
        Address = Address,
        Counters = Counters,
        Hours = WeeklyHours.Parse(Hours).ToString(),
        SlotMinutes = SlotMinutes,
        SeatsPerSlot = SeatsPerSlot,
        SeasonFrom = SeasonFrom,
        SeasonUntil = SeasonUntil,
        OpenFrom = OpenFrom,
        OpenUntil = OpenUntil,
    };
}

/// <summary>Ueda City's card issuing places.</summary>
public static class UedaPlaces
{
    private const string CityHallAddress = "長野県上田市大手一丁目11番16号";

    public static IReadOnlyList<PlaceDefinition> All { get; } =
    [
        new("honcho", "本庁舎 市民課", "City Hall, Citizens Division", CityHallAddress, 2, null),
        new("minami", "南庁舎1階 臨時窓口", "South Building 1F temporary counter", CityHallAddress + " 南庁舎1階", 4, "3月1日〜4月30日のみ") { SeasonFrom = "03-01", SeasonUntil = "04-30" },
        new("maruko", "丸子自治センター", "Maruko Branch Centre", "長野県上田市上丸子1612", 1, null),
        new("sanada", "真田自治センター", "Sanada Branch Centre", "長野県上田市真田町長7178-1", 1, null),
        new("takeshi", "武石自治センター", "Takeshi Branch Centre", "長野県上田市下武石683", 1, null),
    ];
}
