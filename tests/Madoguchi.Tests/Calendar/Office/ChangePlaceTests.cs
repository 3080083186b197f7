using Madoguchi.Booking;
using Madoguchi.Calendar;

namespace Madoguchi.Tests.Calendar.Office;

/// <summary>A 係長 changes a place's counters, hours and seats; bookings already made are never undone.</summary>
public abstract class ChangePlaceTests(DatabaseProvider provider) : IAsyncLifetime
{
    // 2026-11-26 12:00 in Tokyo.
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private TestDatabase _database = null!;
    private int _honcho;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(provider);
        _honcho = await _database.PlaceIdAsync("honcho");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task Valid_settings_are_saved_and_the_hours_are_stored_in_their_normal_form()
    {
        await using (var before = _database.Open())
        {
            // Read once, so that the place is in this process's calendar cache before the change.
            Assert.Equal(2, (await CalendarCache.PlaceAsync(before, _honcho))!.Counters);
        }

        var result = await ChangeAsync(Settings() with
        {
            Counters = "３",
            SlotMinutes = "20",
            SeatsPerSlot = "",
            Hours = "mon=09:00-12:00,13:00-17:00\r\n\r\nsat = 09:00-12:00\nwed=０９：００-１７：００",
            SeasonFrom = "03-01",
            SeasonUntil = "04-30",
            OpenFrom = "2027-01-04",
            OpenUntil = "2027-12-28",
        });

        Assert.Equal(PlaceChangeStatus.Saved, result.Status);
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Seats);
        await using var db = _database.Open();
        var place = await db.Places.SingleAsync(p => p.Id == _honcho);
        Assert.Equal((3, 20, (int?)null, 3), (place.Counters, place.SlotMinutes, place.SeatsPerSlot, place.Seats));
        Assert.Equal("mon=09:00-12:00,13:00-17:00;wed=09:00-17:00;sat=09:00-12:00", place.Hours);
        Assert.Equal(("03-01", "04-30"), (place.SeasonFrom, place.SeasonUntil));
        Assert.Equal((new DateOnly(2027, 1, 4), new DateOnly(2027, 12, 28)), (place.OpenFrom, place.OpenUntil));
        Assert.Equal(3, (await CalendarCache.PlaceAsync(db, _honcho))!.Counters);
    }

    [SkippableFact]
    public async Task Each_wrong_field_gets_its_own_japanese_error_and_nothing_is_saved()
    {
        var result = await ChangeAsync(new PlaceSettings(
            Name: " ",
            NameEnglish: "City Hall",
            Address: "長野県上田市大手一丁目11番16号",
            Counters: "0",
            SlotMinutes: "30",
            SeatsPerSlot: "51",
            Hours: "mon=08:30-17:15",
            SeasonFrom: "03-01",
            SeasonUntil: "",
            OpenFrom: "2027-04-01",
            OpenUntil: "2027-03-31"));

        Assert.Equal(PlaceChangeStatus.Invalid, result.Status);
        Assert.Equal(
            ["Counters", "Name", "OpenUntil", "SeasonUntil", "SeatsPerSlot", "SlotMinutes"],
            result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("1から20まで", result.Errors["Counters"], StringComparison.Ordinal);
        Assert.Contains("1から50まで", result.Errors["SeatsPerSlot"], StringComparison.Ordinal);
        // 08:30-17:15 is 525 minutes: 30-minute slots leave 15 minutes over.
        Assert.Contains("15分余ります", result.Errors["SlotMinutes"], StringComparison.Ordinal);
        Assert.Contains("月曜", result.Errors["SlotMinutes"], StringComparison.Ordinal);
        Assert.Contains("両方", result.Errors["SeasonUntil"], StringComparison.Ordinal);
        Assert.Contains("初日以降", result.Errors["OpenUntil"], StringComparison.Ordinal);
        await using var db = _database.Open();
        var place = await db.Places.SingleAsync(p => p.Id == _honcho);
        Assert.Equal((2, 15, "本庁舎 市民課"), (place.Counters, place.SlotMinutes, place.Name));
    }

    [SkippableTheory]
    [InlineData("Counters", "21", "1から20まで")]
    [InlineData("Counters", "two", "1から20まで")]
    [InlineData("SlotMinutes", "4", "5から120まで")]
    [InlineData("SlotMinutes", "121", "5から120まで")]
    [InlineData("SeatsPerSlot", "0", "1から50まで")]
    [InlineData("Hours", "monday=08:30-17:15", "曜日が読めません")]
    [InlineData("Hours", "mon=17:15-08:30", "時間が読めません")]
    [InlineData("Hours", "mon=09:00-12:00,11:00-13:00", "重なっています")]
    [InlineData("Hours", "", "1つもありません")]
    [InlineData("SeasonFrom", "3/1", "月-日")]
    [InlineData("SeasonUntil", "02-30", "月-日")]
    [InlineData("OpenFrom", "2027-02-30", "年-月-日")]
    public async Task A_value_out_of_range_is_refused_beside_its_field(string field, string value, string expected)
    {
        var settings = Settings();
        settings = field switch
        {
            "Counters" => settings with { Counters = value },
            "SlotMinutes" => settings with { SlotMinutes = value },
            "SeatsPerSlot" => settings with { SeatsPerSlot = value },
            "Hours" => settings with { Hours = value },
            "SeasonFrom" => settings with { SeasonFrom = value, SeasonUntil = "04-30" },
            "SeasonUntil" => settings with { SeasonFrom = "02-01", SeasonUntil = value },
            _ => settings with { OpenFrom = value },
        };

        var result = await ChangeAsync(settings);

        Assert.Equal(PlaceChangeStatus.Invalid, result.Status);
        Assert.Equal([field], result.Errors.Keys);
        Assert.Contains(expected, result.Errors[field], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_slot_that_does_not_fit_a_short_range_is_refused()
    {
        var result = await ChangeAsync(Settings() with { SlotMinutes = "60", Hours = "mon=09:00-12:00,13:00-13:30" });

        Assert.Contains("1つも入りません", Assert.Single(result.Errors, e => e.Key == "SlotMinutes").Value, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Future_slots_take_the_new_seats_but_never_fewer_than_are_taken()
    {
        await ChangeAsync(Settings() with { SeatsPerSlot = "4" });
        var past = await AddSlotAsync(Now.AddHours(-1), capacity: 4, taken: 4);
        var roomy = await AddSlotAsync(Now.AddDays(1), capacity: 4, taken: 1);
        var busy = await AddSlotAsync(Now.AddDays(1).AddMinutes(15), capacity: 4, taken: 3);
        var otherPlace = await AddSlotAsync(Now.AddDays(1), capacity: 1, taken: 0, code: "maruko");

        var result = await ChangeAsync(Settings() with { SeatsPerSlot = "2" });

        Assert.Equal(PlaceChangeStatus.Saved, result.Status);
        Assert.Equal((2, 2, 1), (result.Seats, result.SlotsUpdated, result.SlotsNotShrunk));
        Assert.Equal((4, 2, 3, 1), (await CapacityAsync(past), await CapacityAsync(roomy), await CapacityAsync(busy), await CapacityAsync(otherPlace)));

        // Growing again: every future slot gets the new seats; one seat per counter when left empty.
        var grown = await ChangeAsync(Settings() with { Counters = "6", SeatsPerSlot = "" });

        Assert.Equal((6, 2, 0), (grown.Seats, grown.SlotsUpdated, grown.SlotsNotShrunk));
        Assert.Equal((4, 6, 6), (await CapacityAsync(past), await CapacityAsync(roomy), await CapacityAsync(busy)));
    }

    [SkippableFact]
    public async Task A_new_slot_length_that_would_put_two_people_at_one_counter_is_refused()
    {
        // Friday 2026-11-27 9:15–9:30 is booked; 30-minute slots would make 9:00–9:30 overlap it.
        var booked = await AddSlotAsync(new DateTimeOffset(2026, 11, 27, 9, 15, 0, TimeSpan.FromHours(9)), capacity: 2, taken: 1);

        var refused = await ChangeAsync(Settings() with { SlotMinutes = "30", Hours = "mon=08:30-17:30\ntue=08:30-17:30\nwed=08:30-17:30\nthu=08:30-17:30\nfri=08:30-17:30" });
        var fewerHours = await ChangeAsync(Settings() with { Hours = "mon=10:00-17:15\ntue=10:00-17:15\nwed=10:00-17:15\nthu=10:00-17:15\nfri=10:00-17:15" });
        var seatsOnly = await ChangeAsync(Settings() with { SeatsPerSlot = "3" });

        Assert.Equal(PlaceChangeStatus.Invalid, refused.Status);
        Assert.Contains("1 枠", refused.Errors["SlotMinutes"], StringComparison.Ordinal);
        Assert.Equal(PlaceChangeStatus.Invalid, fewerHours.Status);
        Assert.Equal(PlaceChangeStatus.Saved, seatsOnly.Status);
        Assert.Equal(3, await CapacityAsync(booked));
    }

    [SkippableFact]
    public async Task An_unknown_place_is_not_found()
    {
        await using var db = _database.Open();
        var result = await new ChangePlace(db, _clock, TestAudit.Trail(_clock)).RunAsync(99_999, Settings());

        Assert.Equal(PlaceChangeStatus.NotFound, result.Status);
    }

    private PlaceSettings Settings() => new(
        "本庁舎 市民課", "City Hall, Citizens Division", "長野県上田市大手一丁目11番16号", "2", "15", null,
        "mon=08:30-17:15\ntue=08:30-17:15\nwed=08:30-17:15\nthu=08:30-17:15\nfri=08:30-17:15", null, null, null, null);

    private async Task<PlaceChangeResult> ChangeAsync(PlaceSettings settings)
    {
        await using var db = _database.Open();
        return await new ChangePlace(db, _clock, TestAudit.Trail(_clock)).RunAsync(_honcho, settings);
    }

    private async Task<long> AddSlotAsync(DateTimeOffset start, int capacity, int taken, string code = "honcho")
    {
        await using var db = _database.Open();
        var slot = new Slot
        {
            PlaceId = await db.Places.Where(p => p.Code == code).Select(p => p.Id).SingleAsync(),
            Start = start,
            End = start.AddMinutes(15),
            Capacity = capacity,
            Taken = taken,
        };
        db.Slots.Add(slot);
        await db.SaveChangesAsync();
        return slot.Id;
    }

    private async Task<int> CapacityAsync(long slotId)
    {
        await using var db = _database.Open();
        return await db.Slots.Where(s => s.Id == slotId).Select(s => s.Capacity).SingleAsync();
    }
}

public sealed class ChangePlaceOnSqlite() : ChangePlaceTests(DatabaseProvider.Sqlite);

public sealed class ChangePlaceOnPostgres() : ChangePlaceTests(DatabaseProvider.Postgres);
