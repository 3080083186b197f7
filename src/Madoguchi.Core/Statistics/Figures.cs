using Madoguchi.Exports;

namespace Madoguchi.Statistics;

/// <summary>
/// The counts of one period or one place. Units differ and the headers say which: seats (席, one per
/// card), bookings (件), cards handed over (枚), closures (件, one per place and closure).
/// <see cref="Unmarked"/> (未処理) counts bookings whose slot has ended but that were neither marked
/// 交付済 nor 来庁なし, so that every past booking is counted somewhere.
/// </summary>
public sealed record Figures(
    int SeatsOffered,
    int SeatsBooked,
    int Bookings,
    int IssuedWithBooking,
    int IssuedWalkIn,
    int NoShows,
    int Cancellations,
    int Closures,
    int Unmarked)
{
    public static Figures None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public int Issued => IssuedWithBooking + IssuedWalkIn;

    /// <summary>Booked seats against seats offered (予約率).</summary>
    public Share Booked => Share.Of(SeatsBooked, SeatsOffered);

    public static Figures operator +(Figures a, Figures b) => new(
        a.SeatsOffered + b.SeatsOffered,
        a.SeatsBooked + b.SeatsBooked,
        a.Bookings + b.Bookings,
        a.IssuedWithBooking + b.IssuedWithBooking,
        a.IssuedWalkIn + b.IssuedWalkIn,
        a.NoShows + b.NoShows,
        a.Cancellations + b.Cancellations,
        a.Closures + b.Closures,
        a.Unmarked + b.Unmarked);

    public static Figures Sum(IEnumerable<Figures> figures) => figures.Aggregate(None, (a, b) => a + b);
}
