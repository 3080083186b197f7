using Madoguchi.Calendar;

namespace Madoguchi.Booking;

public sealed record SlotView(DateTimeOffset Start, DateTimeOffset End, int Capacity, int Remaining, bool Bookable)
{
    /// <summary>○ 空きあり, △ 残りわずか (half or less left), × 満員. Words go beside the marks on pages.</summary>
    public string Mark => Remaining <= 0 ? "×" : Remaining * 2 <= Capacity ? "△" : "○";
}

public enum DayState
{
    Closed,
    OutsideWindow,
    Full,
    /// <summary>Seats are left, but no time fits the whole party (together or on consecutive times).</summary>
    NoRoomForParty,
    Few,
    Open,
}

public sealed record DayView(DateOnly Date, DayState State, string? ClosedReason, int Remaining, int Capacity, int People = 1)
{
    public bool Fits => State is DayState.Open or DayState.Few;

    /// <summary>A national holiday (祝日), shown like a Sunday in the calendar.</summary>
    public bool Holiday { get; init; }

    public string Mark => State switch
    {
        DayState.Open => "○",
        DayState.Few => "△",
        DayState.Full or DayState.NoRoomForParty => "×",
        DayState.Closed => "休",
        _ => "－",
    };

    public string Words => State switch
    {
        DayState.Open => "空きあり",
        DayState.Few => "残りわずか",
        DayState.Full => "満員",
        DayState.NoRoomForParty => $"{People}人分の空きなし",
        DayState.Closed => ClosedReason ?? "休業日",
        _ => "受付期間外",
    };
}

/// <summary>
/// Free seats per slot and per day for a place, from its schedule and the slots' taken seats. A
/// hold that ran out still counts until the next booking step or sweep gives its seats back.
/// </summary>
public sealed class SlotAvailability(MadoguchiDb db, TimeProvider clock, BookingSettings settings)
{
    public async Task<IReadOnlyList<SlotView>> SlotsAsync(Place place, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var days = await DaysAsync(place, from, to, cancellationToken);
        return days.SelectMany(d => d.Slots).ToList();
    }

    /// <summary>The month's days with marks for a party of <paramref name="people"/>: a day fits when some time takes the whole party.</summary>
    public async Task<IReadOnlyList<DayView>> MonthAsync(Place place, int year, int month, int people = 1, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, month, 1);
        return await RangeAsync(place, first, first.AddMonths(1).AddDays(-1), people, cancellationToken);
    }

    /// <summary>Days from..to with marks for a party (see <see cref="MonthAsync"/>).</summary>
    public async Task<IReadOnlyList<DayView>> RangeAsync(Place place, DateOnly from, DateOnly to, int people, CancellationToken cancellationToken = default)
    {
        var days = await DaysAsync(place, from, to, cancellationToken);
        return days.Select(d =>
        {
            if (!d.Schedule.Open)
            {
                return new DayView(d.Schedule.Date, DayState.Closed, d.Schedule.ClosedReason, 0, 0, people) { Holiday = d.Holiday };
            }

            var capacity = d.Slots.Sum(s => s.Capacity);
            var remaining = d.Slots.Where(s => s.Bookable).Sum(s => s.Remaining);
            var state = !d.Bookable ? DayState.OutsideWindow
                : remaining <= 0 ? DayState.Full
                : people > 1 && !Enumerable.Range(0, d.Slots.Count).Any(i => Fit(d.Slots, i, people, settings.ConsecutiveTimes) is not null) ? DayState.NoRoomForParty
                : remaining * 5 <= capacity ? DayState.Few
                : DayState.Open;
            return new DayView(d.Schedule.Date, state, null, remaining, capacity, people) { Holiday = d.Holiday };
        }).ToList();
    }

    /// <summary>
    /// How a party sits from slot <paramref name="index"/>: [people] when that slot has room for all;
    /// else, with <paramref name="consecutive"/>, the seats taken in it and the slots right after it
    /// (each following on without a gap, each with a free seat) until all are seated; else null.
    /// </summary>
    public static IReadOnlyList<int>? Fit(IReadOnlyList<SlotView> slots, int index, int people, bool consecutive)
    {
        var first = slots[index];
        if (!first.Bookable || first.Remaining <= 0)
        {
            return null;
        }

        if (first.Remaining >= people)
        {
            return [people];
        }

        if (!consecutive)
        {
            return null;
        }

        var parts = new List<int>();
        var left = people;
        for (var i = index; i < slots.Count && left > 0; i++)
        {
            var slot = slots[i];
            if (!slot.Bookable || slot.Remaining <= 0 || (i > index && slot.Start != slots[i - 1].End))
            {
                return null;
            }

            var take = Math.Min(slot.Remaining, left);
            parts.Add(take);
            left -= take;
        }

        return left == 0 ? parts : null;
    }

    private async Task<List<(DaySchedule Schedule, bool Bookable, List<SlotView> Slots, bool Holiday)>> DaysAsync(Place place, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var calendar = await CityCalendar.LoadAsync(db, from, to, cancellationToken);
        var start = SlotSchedule.At(from, TimeOnly.MinValue);
        var end = SlotSchedule.At(to.AddDays(1), TimeOnly.MinValue);
        var taken = await db.Slots.AsNoTracking()
            .Where(s => s.PlaceId == place.Id && s.Start >= start && s.Start < end)
            .Select(s => new { s.Start, s.Capacity, s.Taken })
            .ToDictionaryAsync(s => s.Start.UtcTicks, cancellationToken);
        var (first, last) = settings.Window(clock.Now());
        var days = new List<(DaySchedule, bool, List<SlotView>, bool)>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var schedule = SlotSchedule.Day(place, day, calendar);
            var bookable = day >= first && day <= last;
            var slots = schedule.Slots.Select(s =>
            {
                var row = taken.GetValueOrDefault(s.Start.UtcTicks);
                var capacity = Seats.Offered(place, row?.Capacity);
                var remaining = Math.Max(0, capacity - (row?.Taken ?? 0));
                return new SlotView(s.Start, s.End, capacity, remaining, bookable);
            }).ToList();
            days.Add((schedule, bookable, slots, calendar.CityClosed(day)?.Kind == ClosedKind.NationalHoliday));
        }

        return days;
    }
}
