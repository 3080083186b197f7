namespace Madoguchi.Web.Zones;

/// <summary>
/// Keeps each zone's routes on its own endpoint: an office route asked for on the public
/// endpoint (or the reverse) answers 404, as if it did not exist.
/// </summary>
public sealed class ZoneGate(RequestDelegate next, ZoneSettings zones)
{
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var zone = zones.ZoneOf(context);
        context.Items[typeof(Zone)] = zone;
        if (ZoneSettings.IsSharedPath(path))
        {
            return next(context);
        }

        var officePath = ZoneSettings.IsOfficePath(path);
        if (zone == Zone.Office && !officePath)
        {
            if (path == "/" || !path.HasValue)
            {
                context.Response.Redirect("/office/");
                return Task.CompletedTask;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (zone == Zone.Public && officePath)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
