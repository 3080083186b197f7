using System.Globalization;
using System.Text;

using Madoguchi.Audit;

namespace Madoguchi.Calendar;

/// <summary>
/// A place's settings as staff type them on the form: text, so that a wrong value can be shown
/// again beside its error. The hours may be written one day per line or separated by semicolons.
/// </summary>
public sealed record PlaceSettings(
    string? Name,
    string? NameEnglish,
    string? Address,
    string? Counters,
    string? SlotMinutes,
    string? SeatsPerSlot,
    string? Hours,
    string? SeasonFrom,
    string? SeasonUntil,
    string? OpenFrom,
    string? OpenUntil)
{
    public static PlaceSettings Of(Place place)
    {
        ArgumentNullException.ThrowIfNull(place);
        return new(
            place.Name,
            place.NameEnglish,
            place.Address,
            place.Counters.ToString(CultureInfo.InvariantCulture),
            place.SlotMinutes.ToString(CultureInfo.InvariantCulture),
            place.SeatsPerSlot?.ToString(CultureInfo.InvariantCulture),
            place.Hours.Replace(";", "\n", StringComparison.Ordinal),
            place.SeasonFrom,
            place.SeasonUntil,
            place.OpenFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            place.OpenUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}

public enum PlaceChangeStatus
{
    Saved,
    Invalid,
    NotFound,
}

/// <summary>
/// What <see cref="ChangePlace"/> did. <see cref="Errors"/> is keyed by the name of the
/// <see cref="PlaceSettings"/> property at fault. <see cref="SlotsNotShrunk"/> counts future slots
/// that already had more seats taken than the new number, so they keep one seat per taken seat.
/// </summary>
public sealed record PlaceChangeResult(
    PlaceChangeStatus Status,
    IReadOnlyDictionary<string, string> Errors,
    int Seats = 0,
    int SlotsUpdated = 0,
    int SlotsNotShrunk = 0);

/// <summary>
/// Changes a place's settings (counters, slot length, seats, hours, season and dates open) and
/// sets the seats of its slots from now on to the new number, never below the seats already taken:
/// a booking is never undone by a change of settings. Both happen in one transaction.
/// </summary>
public sealed class ChangePlace(MadoguchiDb db, TimeProvider clock, AuditTrail audit)
{
    public const string Action = "place.change";

    public const int MaxCounters = 20;
    public const int MinSlotMinutes = 5;
    public const int MaxSlotMinutes = 120;
    public const int MaxSeats = 50;

    private static readonly int[] CommonLengths = [10, 15, 20, 30, 45, 60];

    public async Task<PlaceChangeResult> RunAsync(int placeId, PlaceSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new Dictionary<string, string>();
        var valid = Validate(settings, errors);
        if (!await db.Places.AnyAsync(p => p.Id == placeId, cancellationToken))
        {
            return new PlaceChangeResult(PlaceChangeStatus.NotFound, new Dictionary<string, string>());
        }

        if (errors.Count > 0)
        {
            await audit.RecordAsync(db, Action, [$"place:{placeId}"], AuditOutcome.Refused, cancellationToken);
            return new PlaceChangeResult(PlaceChangeStatus.Invalid, errors);
        }

        var saved = await db.InTransactionAsync<PlaceChangeResult>(async () =>
        {
            var place = await db.Places.SingleAsync(p => p.Id == placeId, cancellationToken);
            valid.CopyTo(place);
            var now = clock.GetUtcNow();
            if (await BookedSlotsOffTheGridAsync(place, now, cancellationToken) is > 0 and var misfits)
            {
                errors[nameof(PlaceSettings.SlotMinutes)] =
                    $"予約や仮押さえが入っている {misfits} 枠が、新しい受付時間・枠の長さ・開設期間に合いません。先にその予約を別の時間に移してから変更してください。";
                return (false, new PlaceChangeResult(PlaceChangeStatus.Invalid, errors));
            }

            await db.SaveChangesAsync(cancellationToken);

            var seats = place.Seats;
            var future = db.Slots.Where(s => s.PlaceId == placeId && s.Start >= now);
            var updated = await future.ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Capacity, x => x.Taken > seats ? x.Taken : seats), cancellationToken);
            var notShrunk = await future.CountAsync(s => s.Capacity > seats, cancellationToken);
            await audit.RecordAsync(db, Action, [$"place:{placeId}"], cancellationToken: cancellationToken);
            return (true, new PlaceChangeResult(PlaceChangeStatus.Saved, errors, seats, updated, notShrunk));
        }, cancellationToken);

        if (saved.Status == PlaceChangeStatus.Invalid)
        {
            // The change was rolled back with nothing to record in its transaction.
            await audit.RecordAsync(db, Action, [$"place:{placeId}"], AuditOutcome.Refused, cancellationToken);
        }

        // This process sees the new settings at once; other processes within the cache's lifetime.
        CalendarCache.Clear();
        return saved;
    }

    /// <summary>
    /// Future slots holding bookings or holds that the new settings would no longer offer: a change
    /// of slot length or hours must never leave two people at one counter at one time.
    /// </summary>
    private async Task<int> BookedSlotsOffTheGridAsync(Place place, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var occupied = await db.Slots.AsNoTracking().Where(s => s.PlaceId == place.Id && s.Start >= now && s.Taken > 0)
            .Select(s => new { s.Start, s.End }).ToListAsync(cancellationToken);
        if (occupied.Count == 0)
        {
            return 0;
        }

        var days = occupied.Select(o => DateOnly.FromDateTime(o.Start.ToCityTime().DateTime)).ToList();
        var calendar = CityCalendar.Build([], [], days.Min().Year, days.Max().Year);
        return occupied.Count(o =>
        {
            var day = DateOnly.FromDateTime(o.Start.ToCityTime().DateTime);
            return !SlotSchedule.Day(place, day, calendar).Slots.Any(t => t.Start == o.Start && t.End == o.End);
        });
    }

    /// <summary>Checks every field, so that the form shows all the errors at once.</summary>
    private static ValidSettings Validate(PlaceSettings s, Dictionary<string, string> errors)
    {
        var name = Required(s.Name, nameof(s.Name), "名称", 100, errors);
        var nameEnglish = Required(s.NameEnglish, nameof(s.NameEnglish), "英語の名称", 100, errors);
        var address = Required(s.Address, nameof(s.Address), "住所", 200, errors);

        var counters = Number(s.Counters, nameof(s.Counters), "窓口の数", 1, MaxCounters, errors);
        var slotMinutes = Number(s.SlotMinutes, nameof(s.SlotMinutes), "1枠の長さ（分）", MinSlotMinutes, MaxSlotMinutes, errors);
        int? seats = string.IsNullOrWhiteSpace(s.SeatsPerSlot)
            ? null
            : Number(s.SeatsPerSlot, nameof(s.SeatsPerSlot), "1枠の席数", 1, MaxSeats, errors);

        var hoursText = string.Join(';', Normal(s.Hours).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var hours = WeeklyHours.Weekdays;
        if (!WeeklyHours.TryParse(hoursText, out var parsed, out var hoursError))
        {
            errors[nameof(s.Hours)] = hoursError;
        }
        else if (HoursProblem(parsed) is { } problem)
        {
            errors[nameof(s.Hours)] = problem;
        }
        else
        {
            hours = parsed;
            if (slotMinutes > 0 && SlotProblem(parsed, slotMinutes) is { } slotProblem)
            {
                errors[nameof(s.SlotMinutes)] = slotProblem;
            }
        }

        var (seasonFrom, seasonUntil) = Season(s, errors);
        var openFrom = Date(s.OpenFrom, nameof(s.OpenFrom), "開設の初日", errors);
        var openUntil = Date(s.OpenUntil, nameof(s.OpenUntil), "開設の最終日", errors);
        if (openFrom is { } first && openUntil is { } last && first > last)
        {
            errors[nameof(s.OpenUntil)] = $"開設の最終日（{last:yyyy-MM-dd}）が初日（{first:yyyy-MM-dd}）より前です。最終日を初日以降にするか、初日を直してください。";
        }

        return new ValidSettings(name, nameEnglish, address, counters, slotMinutes, seats, hours.ToString(), seasonFrom, seasonUntil, openFrom, openUntil);
    }

    private static string? HoursProblem(WeeklyHours hours)
    {
        var open = false;
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var ranges = hours.On(day);
            open |= ranges.Count > 0;
            for (var i = 1; i < ranges.Count; i++)
            {
                if (ranges[i].Opens < ranges[i - 1].Closes)
                {
                    return $"{DayName(day)}の時間帯 {Range(ranges[i - 1])} と {Range(ranges[i])} が重なっています。重ならないように直してください。";
                }
            }
        }

        return open ? null : "受付する曜日が1つもありません。mon=08:30-17:15 のように、少なくとも1つの曜日の時間を書いてください。";
    }

    /// <summary>
    /// The slot length must fit each opening range a whole number of times, so that no minutes are
    /// left over at the end of a range (a slot would be cut short or the counter left idle).
    /// </summary>
    private static string? SlotProblem(WeeklyHours hours, int slotMinutes)
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            foreach (var range in hours.On(day))
            {
                var minutes = (int)(range.Closes - range.Opens).TotalMinutes;
                if (minutes < slotMinutes)
                {
                    return $"{DayName(day)}の {Range(range)}（{minutes}分）に{slotMinutes}分の枠が1つも入りません。枠を短くするか、時間を直してください。";
                }

                if (minutes % slotMinutes != 0)
                {
                    var fitting = string.Join("・", CommonLengths.Where(m => minutes % m == 0));
                    return $"{DayName(day)}の {Range(range)}（{minutes}分）は{slotMinutes}分の枠で割り切れず、{minutes % slotMinutes}分余ります。"
                        + (fitting.Length > 0 ? $"割り切れる長さ（例: {fitting}分）にするか、時間を直してください。" : "割り切れる長さにするか、時間を直してください。");
                }
            }
        }

        return null;
    }

    private static (string? From, string? Until) Season(PlaceSettings s, Dictionary<string, string> errors)
    {
        var from = Normal(s.SeasonFrom);
        var until = Normal(s.SeasonUntil);
        if (from.Length == 0 && until.Length == 0)
        {
            return (null, null);
        }

        var ok = true;
        foreach (var (text, field, label) in new[] { (from, nameof(s.SeasonFrom), "期間の始まり"), (until, nameof(s.SeasonUntil), "期間の終わり") })
        {
            if (text.Length == 0)
            {
                errors[field] = $"{label}が空です。毎年の期間は始まりと終わりの両方を 03-01 のように月-日で書くか、通年なら両方を空にしてください。";
                ok = false;
            }
            else if (!Place.IsMonthDay(text))
            {
                errors[field] = $"{label}「{text}」が読めません。03-01 のように2桁の月-日で書いてください。";
                ok = false;
            }
        }

        return ok ? (from, until) : (null, null);
    }

    private static DateOnly? Date(string? text, string field, string label, Dictionary<string, string> errors)
    {
        var value = Normal(text);
        if (value.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[field] = $"{label}「{value}」が読めません。2027-03-01 のように年-月-日で書くか、期限がなければ空にしてください。";
        return null;
    }

    private static int Number(string? text, string field, string label, int min, int max, Dictionary<string, string> errors)
    {
        var value = Normal(text);
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        errors[field] = value.Length == 0
            ? $"{label}が空です。{min}から{max}までの数を書いてください。"
            : $"{label}「{value}」は使えません。{min}から{max}までの数を書いてください。";
        return 0;
    }

    private static string Required(string? text, string field, string label, int maxLength, Dictionary<string, string> errors)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            errors[field] = $"{label}が空です。{label}を書いてください。";
        }
        else if (value.Length > maxLength)
        {
            errors[field] = $"{label}が長すぎます（{value.Length}文字）。{maxLength}文字以内にしてください。";
        }

        return value;
    }

    /// <summary>Full-width digits, colons and hyphens typed with a Japanese input method become ASCII.</summary>
    private static string Normal(string? text) => (text ?? "").Normalize(NormalizationForm.FormKC).Trim();

    private static string Range((TimeOnly Opens, TimeOnly Closes) range) => $"{range.Opens:HH\\:mm}-{range.Closes:HH\\:mm}";

    private static string DayName(DayOfWeek day) => "日月火水木金土"[(int)day] + "曜";

    private sealed record ValidSettings(
        string Name,
        string NameEnglish,
        string Address,
        int Counters,
        int SlotMinutes,
        int? SeatsPerSlot,
        string Hours,
        string? SeasonFrom,
        string? SeasonUntil,
        DateOnly? OpenFrom,
        DateOnly? OpenUntil)
    {
        public void CopyTo(Place place)
        {
            place.Name = Name;
            place.NameEnglish = NameEnglish;
            place.Address = Address;
            place.Counters = Counters;
            place.SlotMinutes = SlotMinutes;
            place.SeatsPerSlot = SeatsPerSlot;
            place.Hours = Hours;
            place.SeasonFrom = SeasonFrom;
            place.SeasonUntil = SeasonUntil;
            place.OpenFrom = OpenFrom;
            place.OpenUntil = OpenUntil;
        }
    }
}
