using Madoguchi.Staff;
using Madoguchi.Web.Hardening;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Madoguchi.Tests.Hardening;

/// <summary>
/// The security headers: first the middleware alone (in a bare test host, where HTTPS can be
/// simulated), then every kind of answer of the real process, both zones, which needs
/// <c>app.UseMiddleware&lt;SecurityHeaders&gt;()</c> in MadoguchiWeb.Build.
/// </summary>
public sealed class SecurityHeadersTests
{
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    [Theory]
    [InlineData("/ok", 200)]
    [InlineData("/missing", 404)]
    [InlineData("/boom", 500)]
    public async Task Every_answer_carries_the_headers_even_an_error_whose_response_was_cleared(string path, int status)
    {
        await using var app = await BareAppAsync();
        using var client = app.GetTestClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        AssertHardened(response, https: false);
    }

    [Fact]
    public async Task Strict_transport_security_is_sent_only_over_https()
    {
        await using var app = await BareAppAsync();
        using var client = app.GetTestClient();
        client.BaseAddress = new Uri("https://madoguchi.example.jp/");

        using var response = await client.GetAsync("/ok");

        AssertHardened(response, https: true);
        Assert.Equal("max-age=31536000", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Every_kind_of_answer_of_the_real_process_carries_the_headers_in_both_zones()
    {
        await using var app = await MadoguchiApp.StartAsync();
        var supervisor = await app.SignInAsync(StaffRole.Supervisor, app.NewOfficeClient());

        // Pages, the API (JSON and problem+json), assets, health, redirects, 404 and 405, on both endpoints.
        var answers = new List<HttpResponseMessage>();
        foreach (var path in new[] { "/", "/book", "/booking", "/book/place?pass=forged", "/api/v1/places", "/api/v1/places/999/slots", "/api/v1/holds", "/nope", "/office/", "/assets/site.css", "/healthz", "/openapi/v1.json" })
        {
            answers.Add(await app.Public.GetAsync(path));
        }

        using (var badJson = new StringContent("{", System.Text.Encoding.UTF8, "application/json"))
        {
            answers.Add(await app.Public.PostAsync("/api/v1/holds", badJson));
        }

        foreach (var path in new[] { "/office/signin", "/office/", "/", "/book" })
        {
            answers.Add(await app.NewOfficeClient().GetAsync(path));
        }

        foreach (var path in new[] { "/office/", "/office/ledger/search", "/office/counter", "/office/closures/999" })
        {
            answers.Add(await supervisor.GetAsync(path));
        }

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.NotFound);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.MethodNotAllowed);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        Assert.All(answers, a => AssertHardened(a, https: false));
        answers.ForEach(a => a.Dispose());
    }

    private static void AssertHardened(HttpResponseMessage response, bool https)
    {
        var where = response.RequestMessage?.RequestUri?.ToString();
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"no Content-Security-Policy on {where}");
        Assert.Equal(Policy, string.Join(",", csp!));
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal(https, response.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>The middleware in front of an exception handler that clears the response, as in the real pipeline.</summary>
    private static async Task<WebApplication> BareAppAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler(errors => errors.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("システムで問題が起きました。");
        }));
        app.MapGet("/ok", () => "ok");
        app.MapGet("/boom", IResult () => throw new InvalidOperationException("a bug"));
        await app.StartAsync();
        return app;
    }
}
