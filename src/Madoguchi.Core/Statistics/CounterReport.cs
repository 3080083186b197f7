using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Exports;

namespace Madoguchi.Statistics;

public sealed record PeriodFigures(DateOnly Start, DateOnly End, string Label, Figures Figures);

public sealed record PlaceFigures(int PlaceId, string Code, string Name, Figures Figures);

/// <summary>
/// One counter (窓口) of a place: bookings it checked in, cards it handed over with a booking and without,
/// and bookings it checked in whose slot has ended without 交付済 or 来庁なし (未処理). A booking never
/// checked in belongs to no counter: it is 未処理 of its place and period only.
/// </summary>
public sealed record CounterFigures(int PlaceId, string PlaceName, int Counter, int CheckedIn, int IssuedWithBooking, int IssuedWalkIn, int Unmarked)
{
    public int Issued => IssuedWithBooking + IssuedWalkIn;
}

/// <summary>One hour of the day (9 = 9:00–9:59): cards handed over, and seats booked in slots that start in it.</summary>
public sealed record HourFigures(int Hour, int Issued, int SeatsBooked);

/// <summary>Cancellations by who cancelled, from the anonymous tombstones.</summary>
public sealed record CancellationFigures(string CancelledBy, string Japanese, int Bookings, int Seats);

/// <summary>The fiscal year (年度, from April 1) up to the request's last day: cards handed over, and how many through a booking.</summary>
public sealed record YearShare(int FiscalYear, DateOnly From, DateOnly To, int WithBooking, int Total)
{
    public Share Share => Share.Of(WithBooking, Total);
}

public sealed record CounterReport(
    StatisticsRequest Request,
    IReadOnlyList<Place> Places,
    Place? Place,
    IReadOnlyList<PeriodFigures> Periods,
    IReadOnlyList<PlaceFigures> ByPlace,
    IReadOnlyList<CounterFigures> ByCounter,
    IReadOnlyList<HourFigures> Hours,
    IReadOnlyList<CancellationFigures> Cancellations,
    YearShare Year,
    WaitingReport Waiting)
{
    public Figures Total => Figures.Sum(Periods.Select(p => p.Figures));
}
