namespace Madoguchi.Web.Hardening;

/// <summary>
/// Adds the security headers to every answer of both zones, error pages included: a
/// Content-Security-Policy that allows no inline script or style and nothing from elsewhere (the
/// app serves its own CSS and script; QR codes are inline SVG markup, images may be data: URIs),
/// no framing, no sniffing, no referrer, and HSTS on HTTPS. The headers are set when the answer
/// starts, so an exception handler that clears the response still sends them, and HSTS sees the
/// scheme as the forwarded-headers middleware left it. Every answer of the office zone is
/// <c>Cache-Control: no-store</c>: counter PCs are shared, and neither the browser's cache nor its
/// Back button may show a page with personal data after sign-out.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>One year; no includeSubDomains, because the city's other hosts are not ours to bind.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(
            static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (http.Items[typeof(Zones.Zone)] is Zones.Zone.Office || Zones.ZoneSettings.IsOfficePath(http.Request.Path))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }

                if (http.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = StrictTransportSecurity;
                }

                return Task.CompletedTask;
            },
            context);
        return next(context);
    }
}
