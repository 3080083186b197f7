using System.Globalization;

using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Web.Booking;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Book;

public sealed class CalendarModel(BookingPass pass, MadoguchiDb db, SlotAvailability availability, BookingSettings settings, TimeProvider clock) : FlowModel(pass)
{
    public Place Place { get; private set; } = null!;

    public int Year { get; private set; }

    public int Month { get; private set; }

    public IReadOnlyList<DayView?[]> Weeks { get; private set; } = [];

    public string? Previous { get; private set; }

    public string? Next { get; private set; }

    public int People => Cards.Count;

    public string ContactName => settings.ContactName;

    public string ContactPhone => settings.ContactPhone;

    /// <summary>False when no day of the booking window has a time for the whole party at this place.</summary>
    public bool PartyFitsHere { get; private set; } = true;

    /// <summary>Where the party fits instead: other places with their first days that fit (issue 12.3).</summary>
    public IReadOnlyList<(Place Place, IReadOnlyList<DateOnly> Days)> Elsewhere { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int place, string? month, CancellationToken cancellationToken)
    {
        if (RequirePass() is { } back)
        {
            return back;
        }

        var found = await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Id == place, cancellationToken);
        if (found is null)
        {
            return Redirect($"/book/place?{PassQuery}");
        }

        Place = found;
        var (first, last) = settings.Window(clock.Now());
        var shown = DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) ? m : new DateOnly(first.Year, first.Month, 1);
        if (shown < new DateOnly(first.Year, first.Month, 1) || shown > new DateOnly(last.Year, last.Month, 1))
        {
            shown = new DateOnly(first.Year, first.Month, 1);
        }

        Year = shown.Year;
        Month = shown.Month;
        var days = await availability.MonthAsync(Place, Year, Month, People, cancellationToken);
        if (People > 1 && !days.Any(d => d.Fits))
        {
            // Said before a day is picked: no time here fits the whole family, so look at the window and at the other places.
            PartyFitsHere = (await availability.RangeAsync(Place, first, last, People, cancellationToken)).Any(d => d.Fits);
            if (!PartyFitsHere)
            {
                var others = await db.Places.AsNoTracking().Where(p => p.Id != Place.Id).OrderBy(p => p.Id).ToListAsync(cancellationToken);
                var elsewhere = new List<(Place, IReadOnlyList<DateOnly>)>();
                foreach (var other in others)
                {
                    var fits = (await availability.RangeAsync(other, first, last, People, cancellationToken)).Where(d => d.Fits).Select(d => d.Date).Take(3).ToList();
                    if (fits.Count > 0)
                    {
                        elsewhere.Add((other, fits));
                    }
                }

                Elsewhere = elsewhere;
            }
        }

        var weeks = new List<DayView?[]>();
        var week = new DayView?[7];
        foreach (var day in days)
        {
            week[(int)day.Date.DayOfWeek] = day;
            if (day.Date.DayOfWeek == DayOfWeek.Saturday)
            {
                weeks.Add(week);
                week = new DayView?[7];
            }
        }

        if (week.Any(d => d is not null))
        {
            weeks.Add(week);
        }

        Weeks = weeks;
        var previous = shown.AddMonths(-1);
        var next = shown.AddMonths(1);
        Previous = previous >= new DateOnly(first.Year, first.Month, 1) ? previous.ToString("yyyy-MM", CultureInfo.InvariantCulture) : null;
        Next = next <= last ? next.ToString("yyyy-MM", CultureInfo.InvariantCulture) : null;
        return Page();
    }
}
