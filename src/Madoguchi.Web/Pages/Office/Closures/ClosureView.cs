using System.Globalization;
using System.Security.Claims;

using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Web.Pages.Office.Calendar;
using Madoguchi.Web.Staff;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Closures;

/// <summary>What the closure pages share: the places a member of staff may work at, and how times are written.</summary>
public static class ClosureView
{
    /// <summary>The ids of the places the person may work at; null when every place.</summary>
    public static async Task<IReadOnlyCollection<int>?> PlacesOfAsync(MadoguchiDb db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var places = await db.Places.AsNoTracking().Select(p => new { p.Id, p.Code }).ToListAsync(cancellationToken);
        return places.All(p => user.MayWorkAt(p.Code)) ? null : [.. places.Where(p => user.MayWorkAt(p.Code)).Select(p => p.Id)];
    }

    public static string Describe(ClosedDay closure, string? placeName) =>
        $"{ClosedDaysModel.DayText(closure.Date)} {placeName ?? "市全体"} {ClosedDaysModel.TimeText(closure.From, closure.Until)}";

    public static string Time(DateTimeOffset instant) => instant.ToCityTime().ToString("H:mm", CultureInfo.InvariantCulture);

    public static string DayAndTime(DateTimeOffset instant)
    {
        var local = instant.ToCityTime();
        return $"{ClosedDaysModel.DayText(DateOnly.FromDateTime(local.DateTime))} {local.ToString("H:mm", CultureInfo.InvariantCulture)}";
    }

    public static string Stamp(DateTimeOffset instant) => instant.ToCityTime().ToString("M/d H:mm", CultureInfo.InvariantCulture);
}
