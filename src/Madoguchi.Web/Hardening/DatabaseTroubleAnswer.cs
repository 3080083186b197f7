using System.Net;
using System.Text;

using Madoguchi.Booking;
using Madoguchi.Data;
using Madoguchi.Web.Booking;
using Madoguchi.Web.Zones;

namespace Madoguchi.Web.Hardening;

/// <summary>
/// The answer when the database itself fails (restarting, full, read-only): 503 with Retry-After
/// and a Japanese message saying what to do, never a 500 with a stack trace. The failed request's
/// transaction has rolled back, so nothing it was writing is left half-done. See ADR 0015.
/// </summary>
public static class DatabaseTroubleAnswer
{
    public static async Task WriteAsync(HttpContext context, DatabaseTroubleKind trouble)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = DatabaseTrouble.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var zones = context.RequestServices.GetRequiredService<ZoneSettings>();
        var office = zones.ZoneOf(context) == Zone.Office;
        var message = office ? DatabaseTrouble.ForStaff(trouble) : DatabaseTrouble.ForCitizen(trouble);
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await BookingApi.Problem(new Problem("service-unavailable", 503, "ただいま受け付けられません", message)).ExecuteAsync(context);
            return;
        }

        response.ContentType = "text/html; charset=utf-8";
        var page = $"""
            <!DOCTYPE html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ただいま受け付けられません</title>
            <link rel="stylesheet" href="/assets/site.css">
            </head>
            <body>
            <main id="main">
            <h1>ただいま受け付けられません <span class="en">Service unavailable</span></h1>
            <p role="alert">{WebUtility.HtmlEncode(message)}</p>
            <p class="en" lang="en">{WebUtility.HtmlEncode(DatabaseTrouble.English(trouble))}</p>
            <p><a href="{(office ? "/office/" : "/")}">トップページへ戻る <span class="en">Back to the top page</span></a></p>
            </main>
            </body>
            </html>
            """;
        await response.WriteAsync(page, Encoding.UTF8);
    }
}
