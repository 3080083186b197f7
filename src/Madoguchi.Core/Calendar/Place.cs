namespace Madoguchi.Calendar;

/// <summary>A place where cards are handed over (交付場所), with its counters (窓口).</summary>
public sealed class Place
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string NameEnglish { get; set; }

    public required string Address { get; set; }

    public int Counters { get; set; }
}
