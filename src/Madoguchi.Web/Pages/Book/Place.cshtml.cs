using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Web.Booking;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Book;

/// <summary>A place on the place choice: when it opens if not in the booking window, and whether the party fits there.</summary>
public sealed record PlaceChoice(Place Place, DateOnly? FirstOpen, bool PartyFits)
{
    /// <summary>A season written as 3月1日〜4月30日 (the setting keeps it as 03-01).</summary>
    public string? Season => Place.SeasonFrom is { } from && Place.SeasonUntil is { } until ? $"{MonthDay(from)}〜{MonthDay(until)}" : null;

    private static string MonthDay(string monthDay) =>
        DateOnly.TryParseExact("2000-" + monthDay, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
            ? $"{d.Month}月{d.Day}日"
            : monthDay;
}

public sealed class PlaceModel(BookingPass pass, MadoguchiDb db, SlotAvailability availability, BookingSettings settings, TimeProvider clock) : FlowModel(pass)
{
    public IReadOnlyList<PlaceChoice> Places { get; private set; } = [];

    public DateOnly WindowStart { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (RequirePass() is { } back)
        {
            return back;
        }

        var (first, last) = settings.Window(clock.Now());
        WindowStart = first;
        var places = await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var choices = new List<PlaceChoice>();
        foreach (var place in places)
        {
            DateOnly? open = null;
            for (var day = first; day <= last && open is null; day = day.AddDays(1))
            {
                open = place.InService(day) ? day : null;
            }

            // For a family, said before a day is picked: no time in the window fits them all here (issue 12.3).
            var fits = open is null || Cards.Count <= 1
                || (await availability.RangeAsync(place, open.Value, last, Cards.Count, cancellationToken)).Any(d => d.Fits);
            choices.Add(new PlaceChoice(place, open, fits));
        }

        Places = choices;
        return Page();
    }
}
