using System.Globalization;

using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Web.Booking;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Book;

public sealed class TimesModel(BookingPass pass, MadoguchiDb db, SlotAvailability availability, HoldSeats hold, Throttle throttle, BookingSettings settings, FreshSeatCounts fresh, TimeProvider clock) : FlowModel(pass)
{
    public Place Place { get; private set; } = null!;

    public DateOnly Date { get; private set; }

    public IReadOnlyList<SlotView> Slots { get; private set; } = [];

    /// <summary>Each time with how the party would sit from it: all together, on consecutive times, or not at all.</summary>
    public IReadOnlyList<TimeChoice> Choices { get; private set; } = [];

    public int HoldMinutes => settings.HoldMinutes;

    /// <summary>The phone and e-mail typed before a hold ran out, sealed (see <see cref="BookingPass.Contact"/>), carried to the next hold.</summary>
    [BindProperty(SupportsGet = true, Name = "contact")]
    public string? Contact { get; set; }

    public async Task<IActionResult> OnGetAsync(int place, string? date, CancellationToken cancellationToken) =>
        RequirePass() ?? await ShowAsync(place, date, cancellationToken);

    public async Task<IActionResult> OnPostHoldAsync(int place, DateTimeOffset start, CancellationToken cancellationToken)
    {
        if (RequirePass() is { } back)
        {
            return back;
        }

        var date = DateOnly.FromDateTime(start.ToCityTime().DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (!await throttle.AllowAsync(HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", cancellationToken))
        {
            Problem = BookingProblems.Throttled();
            Response.StatusCode = 429;
            return await ShowAsync(place, date, cancellationToken);
        }

        var held = await hold.RunAsync(new HoldRequest(place, start, Cards), cancellationToken);
        if (held.Problem is { } problem)
        {
            Problem = problem;
            Response.StatusCode = problem.Status;
            return await ShowAsync(place, date, cancellationToken);
        }

        fresh.Forget(place);
        var contact = string.IsNullOrEmpty(Contact) ? "" : "&contact=" + Uri.EscapeDataString(Contact);
        return Redirect($"/book/confirm?{PassQuery}&hold={held.Value!.HoldId}{contact}");
    }

    private async Task<IActionResult> ShowAsync(int place, string? date, CancellationToken cancellationToken)
    {
        var found = await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Id == place, cancellationToken);
        var (first, last) = settings.Window(clock.Now());
        if (found is null || !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || day < first || day > last)
        {
            return Redirect($"/book/place?{PassQuery}");
        }

        Place = found;
        Date = day;
        Slots = (await availability.SlotsAsync(found, day, day, cancellationToken)).Where(s => s.Bookable).ToList();
        Choices = Slots.Select((s, i) =>
        {
            var fit = SlotAvailability.Fit(Slots, i, Cards.Count, settings.ConsecutiveTimes);
            return new TimeChoice(s, fit is null ? null : Enumerable.Range(0, fit.Count).Select(k => (Slots[i + k], fit[k])).ToList());
        }).ToList();
        return Page();
    }
}

/// <summary>A time on the times page; <see cref="Parts"/> is null when the party does not fit from it.</summary>
public sealed record TimeChoice(SlotView Slot, IReadOnlyList<(SlotView Slot, int People)>? Parts)
{
    public bool Fits => Parts is not null;

    public bool Consecutive => Parts is { Count: > 1 };

    public DateTimeOffset End => Parts is { Count: > 0 } parts ? parts[^1].Slot.End : Slot.End;

    public bool Morning => Slot.Start.Hour < 12;
}
