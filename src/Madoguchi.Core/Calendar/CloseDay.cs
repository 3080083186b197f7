using System.Globalization;
using System.Text;

using Madoguchi.Audit;
using Madoguchi.Booking;
using Madoguchi.Notices;

namespace Madoguchi.Calendar;

/// <summary>
/// A closure as staff type it: no place for the whole city, no times for the whole day. Text, so
/// that a wrong value can be shown again beside its error.
/// </summary>
public sealed record ClosureRequest(string? PlaceId, string? Date, string? From, string? Until, string? Reason);

public enum ClosureStatus
{
    Added,
    Invalid,
}

/// <summary>
/// What <see cref="CloseDay.AddAsync"/> did. <see cref="Errors"/> is keyed by the name of the
/// <see cref="ClosureRequest"/> property at fault. <see cref="Bookings"/> counts the bookings
/// already made for the closed time: they stay, and the people who made them must be told.
/// </summary>
public sealed record ClosureResult(ClosureStatus Status, IReadOnlyDictionary<string, string> Errors, ClosedDay? Closure = null, int Bookings = 0);

public enum ClosureRemoval
{
    Removed,
    NotFound,
    Past,
}

/// <summary>One line of a year's list of closed days, with the stored closure behind it (if any) for removing it.</summary>
public sealed record ClosedDayListing(ClosedDate Closed, int? ClosureId, string? PlaceCode, string? PlaceName)
{
    /// <summary>A city closed day on a day already closed by a national holiday or the year-end closure.</summary>
    public bool Overlapped { get; init; }
}

/// <summary>
/// Adds and removes the city's own closed days and closures of one place. A day in the past cannot
/// be closed, and a past closure is kept as the record of why that day had no bookings. A place
/// with bookings may still be closed; the result says how many bookings the closure meets, and each
/// of those booked with an e-mail address gets a mail (in the same transaction) saying what to do next.
/// </summary>
public sealed class CloseDay(MadoguchiDb db, TimeProvider clock, NoticeSettings notices, AuditTrail audit)
{
    public const int ReasonLength = 200;

    public async Task<ClosureResult> AddAsync(ClosureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string>();
        var today = clock.Today();

        Place? place = null;
        var placeText = Normal(request.PlaceId);
        if (placeText.Length > 0)
        {
            place = int.TryParse(placeText, NumberStyles.None, CultureInfo.InvariantCulture, out var placeId)
                ? await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Id == placeId, cancellationToken)
                : null;
            if (place is null)
            {
                errors[nameof(request.PlaceId)] = "交付場所が見つかりません。一覧から選び直してください（市全体を休みにするときは「市全体」を選びます）。";
            }
        }

        var dateText = Normal(request.Date);
        DateOnly date = default;
        if (dateText.Length == 0)
        {
            errors[nameof(request.Date)] = "日付が空です。休みにする日を 2027-05-10 のように年-月-日で書いてください。";
        }
        else if (!DateOnly.TryParseExact(dateText, ["yyyy-MM-dd", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            errors[nameof(request.Date)] = $"日付「{dateText}」が読めません。2027-05-10 のように実在する年-月-日で書いてください。";
        }
        else if (date < today)
        {
            errors[nameof(request.Date)] = $"{date:yyyy-MM-dd} は過ぎた日です。今日（{today:yyyy-MM-dd}）以降の日付を選んでください。";
        }

        var from = Time(request.From, nameof(request.From), "開始時刻", errors);
        var until = Time(request.Until, nameof(request.Until), "終了時刻", errors);
        if (from is null != until is null && !errors.ContainsKey(nameof(request.From)) && !errors.ContainsKey(nameof(request.Until)))
        {
            var (field, label) = from is null ? (nameof(request.From), "開始時刻") : (nameof(request.Until), "終了時刻");
            errors[field] = $"{label}が空です。時間を区切って休むときは開始と終了の両方を、終日休むときは両方を空にしてください。";
        }
        else if (from is { } start && until is { } end && end <= start)
        {
            errors[nameof(request.Until)] = $"終了時刻（{end:HH\\:mm}）が開始時刻（{start:HH\\:mm}）より後になっていません。終了を開始より後にしてください。";
        }

        var reason = (request.Reason ?? "").Trim();
        if (reason.Length == 0)
        {
            errors[nameof(request.Reason)] = "理由が空です。「庁舎の停電点検」のように、休みにする理由を書いてください（予約の画面と職員の一覧に出ます）。";
        }
        else if (reason.Length > ReasonLength)
        {
            errors[nameof(request.Reason)] = $"理由が長すぎます（{reason.Length}文字）。{ReasonLength}文字以内にしてください。";
        }

        if (errors.Count == 0)
        {
            int? placeId = place?.Id;
            var sameDay = await db.ClosedDays.AsNoTracking().Where(c => c.Date == date && c.PlaceId == placeId).ToListAsync(cancellationToken);
            if (sameDay.FirstOrDefault(c => c.From == from && c.Until == until) is { } same)
            {
                errors[nameof(request.Date)] = $"{date:yyyy-MM-dd} には同じ{(from is null ? "終日" : "時間")}の休み（{same.Reason}）がすでにあります。理由を変えるときは、それを削除してから追加してください。";
            }
            else if (place is null && from is null)
            {
                var calendar = await CityCalendar.LoadAsync(db, date, date, cancellationToken);
                if (calendar.CityClosed(date) is { Kind: ClosedKind.NationalHoliday or ClosedKind.YearEnd } closed)
                {
                    errors[nameof(request.Date)] = $"{date:yyyy-MM-dd} は{closed.Reason}のため、すでに市全体が休みです。別の日を選んでください。";
                }
            }
        }

        if (errors.Count > 0)
        {
            await audit.RecordAsync(db, "closure.add", outcome: AuditOutcome.Refused, cancellationToken: cancellationToken);
            return new ClosureResult(ClosureStatus.Invalid, errors);
        }

        var closure = new ClosedDay { Date = date, PlaceId = place?.Id, From = from, Until = until, Reason = reason };
        await db.InTransactionAsync(
            async () =>
            {
                db.ClosedDays.Add(closure);
                await db.SaveChangesAsync(cancellationToken);
                var mail = new CitizenNotices(db, notices);
                var now = clock.GetUtcNow();
                foreach (var booking in await Met(closure).Where(b => b.Status == BookingStatus.Booked && b.Email != null).AsNoTracking().ToListAsync(cancellationToken))
                {
                    await mail.PlaceClosedAsync(booking, closure.Id, reason, now, cancellationToken);
                }

                await audit.RecordAsync(db, "closure.add", [$"closure:{closure.Id}"], cancellationToken: cancellationToken);
                return (true, closure.Id);
            },
            cancellationToken);
        return new ClosureResult(ClosureStatus.Added, errors, closure, await BookingsMetAsync(closure, cancellationToken));
    }

    public Task<ClosureRemoval> RemoveAsync(int closureId, CancellationToken cancellationToken = default) =>
        db.InTransactionAsync(
            async () =>
            {
                var removal = await RemoveInTransactionAsync(closureId, cancellationToken);
                await audit.RecordAsync(db, "closure.remove", [$"closure:{closureId}"], removal == ClosureRemoval.Removed ? AuditOutcome.Ok : AuditOutcome.Refused, cancellationToken);
                return (true, removal);
            },
            cancellationToken);

    private async Task<ClosureRemoval> RemoveInTransactionAsync(int closureId, CancellationToken cancellationToken)
    {
        var closure = await db.ClosedDays.AsNoTracking().SingleOrDefaultAsync(c => c.Id == closureId, cancellationToken);
        if (closure is null)
        {
            return ClosureRemoval.NotFound;
        }

        if (closure.Date < clock.Today())
        {
            return ClosureRemoval.Past;
        }

        return await db.ClosedDays.Where(c => c.Id == closureId).ExecuteDeleteAsync(cancellationToken) == 1
            ? ClosureRemoval.Removed
            : ClosureRemoval.NotFound;
    }

    /// <summary>Bookings whose time the closure covers, at its place or (a city closure) at any place.</summary>
    public async Task<int> BookingsMetAsync(ClosedDay closure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(closure);
        return await Met(closure).CountAsync(cancellationToken);
    }

    private IQueryable<PickupBooking> Met(ClosedDay closure)
    {
        var start = SlotSchedule.At(closure.Date, closure.WholeDay ? TimeOnly.MinValue : closure.From!.Value);
        var end = closure.WholeDay ? SlotSchedule.At(closure.Date.AddDays(1), TimeOnly.MinValue) : SlotSchedule.At(closure.Date, closure.Until!.Value);
        var placeId = closure.PlaceId;
        return db.Bookings.Where(b => (placeId == null || b.PlaceId == placeId) && b.Start < end && b.End > start);
    }

    /// <summary>
    /// Every closed day of a year as <see cref="CityCalendar.ClosedDates"/> lists it, each of the
    /// city's own closures matched to its stored row, plus the city's own closed days that fall on a
    /// national holiday or the year-end closure (which the calendar shows as the holiday), so that
    /// every stored closure can be seen and removed.
    /// </summary>
    public static async Task<IReadOnlyList<ClosedDayListing>> ListAsync(MadoguchiDb db, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var calendar = await CityCalendar.LoadAsync(db, first, last, cancellationToken);
        var places = await db.Places.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        var stored = await db.ClosedDays.AsNoTracking().Where(c => c.Date >= first && c.Date <= last).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var unmatched = stored.ToList();
        var listing = new List<ClosedDayListing>();
        foreach (var closed in calendar.ClosedDates(first, last))
        {
            int? id = null;
            if (closed.Kind is ClosedKind.CityClosedDay or ClosedKind.PlaceClosure)
            {
                var row = unmatched.FirstOrDefault(c => c.Date == closed.Date && c.PlaceId == closed.PlaceId
                    && c.Reason == closed.Reason && (closed.From is null || closed.Until is null ? c.WholeDay : c.From == closed.From && c.Until == closed.Until));
                if (row is not null)
                {
                    unmatched.Remove(row);
                    id = row.Id;
                }
            }

            listing.Add(Line(closed, id, places));
        }

        foreach (var row in unmatched)
        {
            var closed = new ClosedDate(row.Date, row.PlaceId is null ? ClosedKind.CityClosedDay : ClosedKind.PlaceClosure, row.Reason, row.PlaceId, row.From, row.Until);
            listing.Add(Line(closed, row.Id, places) with { Overlapped = true });
        }

        return [.. listing.OrderBy(l => l.Closed.Date).ThenBy(l => l.Closed.Kind).ThenBy(l => l.Closed.From)];
    }

    private static ClosedDayListing Line(ClosedDate closed, int? id, Dictionary<int, Place> places)
    {
        var place = closed.PlaceId is { } placeId && places.TryGetValue(placeId, out var p) ? p : null;
        return new ClosedDayListing(closed, id, place?.Code, place?.Name);
    }

    private static TimeOnly? Time(string? text, string field, string label, Dictionary<string, string> errors)
    {
        var value = Normal(text);
        if (value.Length == 0)
        {
            return null;
        }

        if (TimeOnly.TryParseExact(value, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        errors[field] = $"{label}「{value}」が読めません。13:00 のように24時間制の時:分で書くか、終日なら空にしてください。";
        return null;
    }

    private static string Normal(string? text) => (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
}
