using System.Diagnostics;

using Madoguchi.Operations;
using Madoguchi.Web.Zones;

namespace Madoguchi.Web.Operations;

/// <summary>
/// One log line per request: method, path, status, elapsed time and zone (ADR 0032). Never the
/// query string (a searched name or birth date), a body, a cookie, a header or the address; the
/// path is cut short and stripped of control characters. Counts the 429 and 503 answers too.
/// </summary>
public sealed partial class RequestLog(RequestDelegate next, ZoneSettings zones, ILoggerFactory logs)
{
    public const string Category = "Madoguchi.Requests";

    private const int LongestPath = 200;

    private readonly ILogger _log = logs.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var zone = zones.ZoneOf(context);
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.Response.StatusCode;
            MadoguchiMetrics.Answered(status);
            if (_log.IsEnabled(LogLevel.Information))
            {
                Answered(_log, context.Request.Method, SafePath(context.Request.PathBase + context.Request.Path), status,
                    Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1), zone == Zone.Office ? "office" : "public");
            }
        }
    }

    /// <summary>The path alone, as the log shows it.</summary>
    public static string SafePath(PathString path)
    {
        var text = path.HasValue ? path.Value! : "/";
        if (text.Length > LongestPath)
        {
            text = text[..LongestPath] + "…";
        }

        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} {Status} {ElapsedMs} ms {Zone}")]
    private static partial void Answered(ILogger logger, string method, string path, int status, double elapsedMs, string zone);
}
