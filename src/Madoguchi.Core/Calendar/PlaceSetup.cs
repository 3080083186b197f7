using System.Text.Json;

namespace Madoguchi.Calendar;

/// <summary>
/// Loads the places at first start: from the JSON file named by <c>Madoguchi:PlacesFile</c>, or
/// Ueda City's defaults. Later changes are made on the office pages; a database that already has
/// places is left as it is.
/// </summary>
public static class PlaceSetup
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    public static IReadOnlyList<PlaceDefinition> Read(string? file)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            return UedaPlaces.All;
        }

        var places = JsonSerializer.Deserialize<List<PlaceDefinition>>(File.ReadAllText(file), Json)
            ?? throw new Madoguchi.Operations.SettingTrouble($"交付場所の設定ファイル {file} が空です。");
        foreach (var p in places)
        {
            if (!WeeklyHours.TryParse(p.Hours, out _, out var error))
            {
                throw new Madoguchi.Operations.SettingTrouble($"交付場所の設定ファイル {file} の {p.Code}: {error}");
            }

            if ((p.SeasonFrom is not null && !Place.IsMonthDay(p.SeasonFrom)) || (p.SeasonUntil is not null && !Place.IsMonthDay(p.SeasonUntil)))
            {
                throw new Madoguchi.Operations.SettingTrouble($"交付場所の設定ファイル {file} の {p.Code}: seasonFrom と seasonUntil は 03-01 のように月-日で書いてください。");
            }
        }

        return places;
    }

    public static async Task<int> SeedAsync(MadoguchiDb db, IReadOnlyList<PlaceDefinition> definitions, CancellationToken cancellationToken = default)
    {
        if (await db.Places.AnyAsync(cancellationToken))
        {
            return 0;
        }

        db.Places.AddRange(definitions.Select(d => d.ToPlace()));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return definitions.Count;
    }
}
