namespace Madoguchi.Booking.Phone;

public static class BookingStatusWords
{
    public static string Japanese(BookingStatus status) => status switch
    {
        BookingStatus.Booked => "予約中",
        BookingStatus.CheckedIn => "来庁済",
        BookingStatus.Issued => "交付済",
        BookingStatus.NoShow => "来庁なし",
        _ => status.ToString(),
    };
}
