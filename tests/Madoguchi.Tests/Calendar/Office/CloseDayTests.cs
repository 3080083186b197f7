using Madoguchi.Booking;
using Madoguchi.Calendar;

namespace Madoguchi.Tests.Calendar.Office;

/// <summary>Staff close the whole city or one place for a day or part of one, and open it again.</summary>
public abstract class CloseDayTests(DatabaseProvider provider) : IAsyncLifetime
{
    // 2026-11-26 12:00 in Tokyo.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private int _maruko;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.WithPlacesAsync(provider);
        _maruko = await _database.PlaceIdAsync("maruko");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task A_city_closed_day_closes_every_place_that_day()
    {
        var result = await AddAsync(new ClosureRequest("", "2027-05-10", "", "", " 庁舎の電気設備点検 "));

        Assert.Equal(ClosureStatus.Added, result.Status);
        var closure = result.Closure!;
        Assert.Equal((new DateOnly(2027, 5, 10), (int?)null, true, "庁舎の電気設備点検"), (closure.Date, closure.PlaceId, closure.WholeDay, closure.Reason));
        await using var db = _database.Open();
        var calendar = await CityCalendar.LoadAsync(db, closure.Date, closure.Date);
        Assert.Equal(ClosedKind.CityClosedDay, calendar.CityClosed(closure.Date)!.Kind);
        var listed = Assert.Single(await CloseDay.ListAsync(db, 2027), l => l.Closed.Date == closure.Date);
        Assert.Equal((closure.Id, ClosedKind.CityClosedDay, false), (listed.ClosureId, listed.Closed.Kind, listed.Overlapped));
    }

    [SkippableFact]
    public async Task A_place_may_be_closed_for_part_of_a_day_even_with_bookings_which_are_counted()
    {
        await AddBookingAsync(_maruko, new DateTimeOffset(2027, 5, 10, 14, 0, 0, TimeSpan.FromHours(9)));
        await AddBookingAsync(_maruko, new DateTimeOffset(2027, 5, 10, 9, 0, 0, TimeSpan.FromHours(9)));

        var result = await AddAsync(new ClosureRequest(_maruko.ToString(System.Globalization.CultureInfo.InvariantCulture), "2027/5/10", "１３：００", "17:15", "職員研修"));

        Assert.Equal(ClosureStatus.Added, result.Status);
        Assert.Equal(1, result.Bookings);
        Assert.Equal((_maruko, new TimeOnly(13, 0), new TimeOnly(17, 15)), (result.Closure!.PlaceId, result.Closure.From, result.Closure.Until));
        await using var db = _database.Open();
        var listed = Assert.Single(await CloseDay.ListAsync(db, 2027), l => l.Closed.Date == new DateOnly(2027, 5, 10));
        Assert.Equal((ClosedKind.PlaceClosure, "maruko", "職員研修"), (listed.Closed.Kind, listed.PlaceCode, listed.Closed.Reason));
        Assert.Equal(result.Closure.Id, listed.ClosureId);
        var place = await db.Places.SingleAsync(p => p.Id == _maruko);
        var day = SlotSchedule.Day(place, new DateOnly(2027, 5, 10), await CityCalendar.LoadAsync(db, new DateOnly(2027, 5, 10), new DateOnly(2027, 5, 10)));
        Assert.Equal(new TimeOnly(12, 45), TimeOnly.FromDateTime(day.Slots[^1].Start.DateTime));
    }

    [SkippableFact]
    public async Task Today_may_be_closed()
    {
        var result = await AddAsync(new ClosureRequest("", "2026-11-26", "", "", "臨時休業"));

        Assert.Equal(ClosureStatus.Added, result.Status);
    }

    public static TheoryData<string, string, string, string, string, string, string> Mistakes => new()
    {
        // place, date, from, until, reason, the field at fault, part of its message
        { "", "2026-11-25", "", "", "点検", "Date", "過ぎた日" },
        { "", "", "", "", "点検", "Date", "日付が空" },
        { "", "2027-02-30", "", "", "点検", "Date", "読めません" },
        { "", "2027-05-10", "", "", " ", "Reason", "理由が空" },
        { "", "2027-05-10", "", "", new string('長', 201), "Reason", "200文字以内" },
        { "", "2027-05-10", "13:00", "", "点検", "Until", "終了時刻が空" },
        { "", "2027-05-10", "", "13:00", "点検", "From", "開始時刻が空" },
        { "", "2027-05-10", "13:00", "13:00", "点検", "Until", "より後" },
        { "", "2027-05-10", "9時", "10:00", "点検", "From", "読めません" },
        { "9999", "2027-05-10", "", "", "点検", "PlaceId", "見つかりません" },
        // A national holiday and the year-end closure already close the city.
        { "", "2027-01-11", "", "", "点検", "Date", "成人の日" },
        { "", "2027-12-30", "", "", "点検", "Date", "年末年始" },
    };

    [SkippableTheory]
    [MemberData(nameof(Mistakes))]
    public async Task A_mistake_is_refused_beside_its_field_and_nothing_is_stored(string place, string date, string from, string until, string reason, string field, string expected)
    {
        var result = await AddAsync(new ClosureRequest(place, date, from, until, reason));

        Assert.Equal(ClosureStatus.Invalid, result.Status);
        Assert.Equal([field], result.Errors.Keys);
        Assert.Contains(expected, result.Errors[field], StringComparison.Ordinal);
        await using var db = _database.Open();
        Assert.Equal(0, await db.ClosedDays.CountAsync());
    }

    [SkippableFact]
    public async Task The_same_closure_twice_is_refused_but_another_place_or_time_is_not()
    {
        await AddAsync(new ClosureRequest("", "2027-05-10", "", "", "点検"));
        await AddAsync(new ClosureRequest(_maruko.ToString(System.Globalization.CultureInfo.InvariantCulture), "2027-05-10", "", "", "点検"));

        var again = await AddAsync(new ClosureRequest("", "2027-05-10", "", "", "別の理由"));
        var partOfDay = await AddAsync(new ClosureRequest("", "2027-05-10", "09:00", "10:00", "朝礼"));

        Assert.Contains("すでにあります", Assert.Single(again.Errors, e => e.Key == "Date").Value, StringComparison.Ordinal);
        Assert.Equal(ClosureStatus.Added, partOfDay.Status);
        await using var db = _database.Open();
        Assert.Equal(3, await db.ClosedDays.CountAsync());
    }

    [SkippableFact]
    public async Task A_future_closure_is_removed_and_a_past_one_is_kept_as_the_record()
    {
        var future = (await AddAsync(new ClosureRequest("", "2027-05-10", "", "", "点検"))).Closure!;
        int past;
        await using (var db = _database.Open())
        {
            var old = new ClosedDay { Date = new DateOnly(2026, 11, 2), PlaceId = _maruko, Reason = "停電" };
            db.ClosedDays.Add(old);
            await db.SaveChangesAsync();
            past = old.Id;
        }

        await using var check = _database.Open();
        var closeDay = new CloseDay(check, _clock, new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock));
        Assert.Equal(ClosureRemoval.Removed, await closeDay.RemoveAsync(future.Id));
        Assert.Equal(ClosureRemoval.NotFound, await closeDay.RemoveAsync(future.Id));
        Assert.Equal(ClosureRemoval.Past, await closeDay.RemoveAsync(past));
        Assert.Equal([past], await check.ClosedDays.Select(c => c.Id).ToListAsync());
    }

    [SkippableFact]
    public async Task A_city_day_that_a_holiday_now_covers_is_still_listed_so_it_can_be_removed()
    {
        // Stored before the day became a holiday (e.g. by a later import of the Cabinet Office's list).
        await using var db = _database.Open();
        var hidden = new ClosedDay { Date = new DateOnly(2027, 1, 11), Reason = "点検" };
        db.ClosedDays.Add(hidden);
        await db.SaveChangesAsync();

        var listing = await CloseDay.ListAsync(db, 2027);

        var day = listing.Where(l => l.Closed.Date == hidden.Date).ToList();
        Assert.Equal([ClosedKind.NationalHoliday, ClosedKind.CityClosedDay], day.Select(l => l.Closed.Kind));
        Assert.Equal("成人の日", day[0].Closed.Reason);
        Assert.Equal((hidden.Id, true), (day[1].ClosureId, day[1].Overlapped));
    }

    private async Task<ClosureResult> AddAsync(ClosureRequest request)
    {
        await using var db = _database.Open();
        return await new CloseDay(db, _clock, new Madoguchi.Notices.NoticeSettings(), TestAudit.Trail(_clock)).AddAsync(request);
    }

    private async Task AddBookingAsync(int placeId, DateTimeOffset start)
    {
        await using var db = _database.Open();
        var slot = new Slot { PlaceId = placeId, Start = start, End = start.AddMinutes(15), Capacity = 1, Taken = 1 };
        db.Slots.Add(slot);
        await db.SaveChangesAsync();
        db.Bookings.Add(new PickupBooking
        {
            Code = $"T{start.Hour:00}{start.Minute:00}",
            SlotId = slot.Id,
            PlaceId = placeId,
            Start = start,
            End = start.AddMinutes(15),
            People = 1,
            Phone = "0268-22-4100",
            CreatedAt = start.AddDays(-30),
            Channel = "web",
        });
        await db.SaveChangesAsync();
    }
}

public sealed class CloseDayOnSqlite() : CloseDayTests(DatabaseProvider.Sqlite);

public sealed class CloseDayOnPostgres() : CloseDayTests(DatabaseProvider.Postgres);
