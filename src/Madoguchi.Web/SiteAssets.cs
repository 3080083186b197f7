using System.Reflection;

namespace Madoguchi.Web;

/// <summary>Stylesheets and scripts compiled into the app and served by it, never by a CDN.</summary>
public static class SiteAssets
{
    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Files = Load();

    public static void MapSiteAssets(this IEndpointRouteBuilder app) =>
        app.MapGet("/assets/{name}", (string name, HttpContext context) =>
        {
            if (!Files.TryGetValue(name, out var file))
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(file.Bytes, file.ContentType);
        });

    private static Dictionary<string, (string, byte[])> Load()
    {
        var assembly = typeof(SiteAssets).Assembly;
        var files = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Madoguchi.Web.Assets.", StringComparison.Ordinal)))
        {
            var name = resource["Madoguchi.Web.Assets.".Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            files[name] = (type, buffer.ToArray());
        }

        return files;
    }
}
