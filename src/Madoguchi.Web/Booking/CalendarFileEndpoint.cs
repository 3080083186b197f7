using System.Text;

using Madoguchi.Booking;
using Madoguchi.Booking.Formats;

namespace Madoguchi.Web.Booking;

public static class CalendarFileEndpoint
{
    /// <summary>The booking as an .ics file for the citizen's phone calendar, for the holder of the booking's ticket.</summary>
    public static void MapBookingCalendarFile(this IEndpointRouteBuilder app) =>
        app.MapGet("/book/ics", async (string? ticket, BookingPass pass, ReadBooking read, BookingSettings settings, TimeProvider clock, CancellationToken ct) =>
        {
            if (pass.ReadTicket(ticket) is not { } code || await read.BookingAsync(code, ct) is not { } b)
            {
                return Results.NotFound();
            }

            var text = BookingCalendarFile.Write(new CalendarEvent(
                $"{b.Code}@madoguchi",
                b.Start,
                b.End,
                $"マイナンバーカードの受け取り（{b.Place.Name}）",
                $"{b.Place.Name} {b.Place.Address}",
                $"予約番号 {b.Code}。交付通知書（はがき）と本人確認書類をお持ちください。変更・取り消しは {settings.ContactName}（{settings.ContactPhone}）へ。",
                clock.GetUtcNow()));
            return Results.File(Encoding.UTF8.GetBytes(text), "text/calendar; charset=utf-8", $"madoguchi-{b.Code}.ics");
        });
}
