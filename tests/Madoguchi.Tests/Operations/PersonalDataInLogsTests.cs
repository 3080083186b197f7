using System.Collections.Concurrent;
using System.Net;

using AngleSharp.Html.Dom;

using Madoguchi.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Madoguchi.Tests.Operations;

/// <summary>
/// A full journey, public and office, with every log line captured: none holds the phone, the
/// e-mail address, the date of birth (in any of its spellings), the name or the card number that
/// went through it (ADR 0032). A control run re-enables ASP.NET Core's own request lines, which
/// carry the query string, and shows the check finds them.
/// </summary>
public sealed class PersonalDataInLogsTests
{
    private const string Number = "A1B-123456";
    private const string Name = "試験　0子";
    private const string Phone = "090-1234-5678";
    private const string Email = "hanako.logcheck@example.jp";

    private static readonly string[] Secrets =
    [
        Number, "A1B123456", "123456",
        "1985-04-12", "19850412", "1985/04/12", "1985/4/12", "昭和60年4月12日", "S60.4.12",
        Name, "0子",
        Phone, "09012345678", "1234-5678",
        Email, "logcheck",
    ];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task No_log_line_of_a_full_journey_names_the_person()
    {
        var lines = await JourneyAsync(leakyRequestLines: false);

        Assert.Contains(lines, l => l.StartsWith("Madoguchi.Requests: GET /office/ledger/search 200 ", StringComparison.Ordinal) && l.Contains(" ms office", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Madoguchi.Requests: POST /book", StringComparison.Ordinal) && l.Contains(" ms public", StringComparison.Ordinal));
        Assert.Empty(Leaks(lines));
    }

    [Fact]
    public async Task The_check_finds_a_request_line_that_carries_the_query_string()
    {
        var lines = await JourneyAsync(leakyRequestLines: true);

        Assert.Contains(Leaks(lines), l => l.Contains("Request starting", StringComparison.Ordinal) && l.Contains("/office/ledger/search?", StringComparison.Ordinal));
    }

    /// <summary>The secrets found, each as it was written (raw or URL-encoded), with its line.</summary>
    private static List<string> Leaks(IEnumerable<string> lines) =>
        [.. from line in lines
            from secret in Secrets
            from spelling in new[] { secret, Uri.EscapeDataString(secret), WebUtility.UrlEncode(secret) }
            where line.Contains(spelling, StringComparison.OrdinalIgnoreCase)
            select $"{secret} in: {line}"];

    private async Task<IReadOnlyList<string>> JourneyAsync(bool leakyRequestLines)
    {
        var capture = new CapturingLogs();
        await using var app = await MadoguchiApp.StartAsync(
            clock: _clock,
            settings: new Dictionary<string, string?> { ["Madoguchi:Booking:RequestsPerMinute"] = "1000" },
            services: services =>
            {
                services.AddSingleton<ILoggerProvider>(capture);
                if (leakyRequestLines)
                {
                    services.PostConfigure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(null, "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information, null)));
                }
            });
        await app.ImportCardsAsync(_clock, (Number, "1985-04-12"));

        // The citizen: the postcard's number and the date of birth, a time, a phone and an e-mail address.
        var start = await app.PageAsync(app.Public, "/book");
        using var cards = await PostAsync(app, start, start.QuerySelector("form")!, new() { ["Cards[0].ManagementNumber"] = Number, ["Cards[0].BirthDate"] = "昭和60年4月12日" });
        Assert.Equal(HttpStatusCode.Redirect, cards.StatusCode);
        var places = await app.PageAsync(app.Public, cards.Headers.Location!.ToString());
        var calendar = await app.PageAsync(app.Public, places.QuerySelectorAll("a.choice").First(a => a.TextContent.Contains("本庁舎", StringComparison.Ordinal)).GetAttribute("href")!);
        var day = calendar.QuerySelectorAll("td.day a").First(a => a.QuerySelector(".date")!.TextContent == "24");
        var times = await app.PageAsync(app.Public, day.GetAttribute("href")!);
        using var held = await PostAsync(app, times, times.QuerySelector("ul.times form")!, []);
        var confirm = await app.PageAsync(app.Public, held.Headers.Location!.ToString());
        using var done = await PostAsync(app, confirm, confirm.QuerySelector("form.stack")!, new() { ["phone"] = Phone, ["email"] = Email });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var booked = await app.PageAsync(app.Public, done.Headers.Location!.ToString());
        var code = booked.QuerySelector("#booking-code")!.TextContent.Trim();

        // The citizen looks the booking up; a wrong date of birth too, which is refused.
        var lookup = await app.PageAsync(app.Public, "/booking");
        using var found = await PostAsync(app, lookup, lookup.QuerySelector("form")!, new() { ["code"] = code, ["number"] = "A1B123456", ["birth"] = "S60.4.12" });
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        using var wrong = await app.PostJsonAsync("/api/v1/bookings/lookup", new { code, managementNumber = Number, birthDate = "1985/4/13" });

        // The office: a search of the ledger by name and date of birth, the phone search, and the counter.
        var office = await app.SignInAsync(Madoguchi.Staff.StaffRole.Supervisor);
        foreach (var path in new[]
        {
            $"/office/ledger/search?name={Uri.EscapeDataString(Name)}&birth=1985%2F04%2F12",
            $"/office/ledger/search?number={Number}",
            $"/office/bookings?phone={Phone}",
            $"/office/bookings?name={Uri.EscapeDataString(Name)}&birth=19850412",
            $"/office/counter/find?q={code}",
        })
        {
            using var response = await office.GetAsync(path);
            // The counter's search goes straight to the one booking it finds.
            Assert.True(response.StatusCode is HttpStatusCode.OK || (response.StatusCode is HttpStatusCode.Redirect && path.Contains("counter", StringComparison.Ordinal)), $"{path}: {response.StatusCode}");
            if (response.Headers.Location is { } next)
            {
                using var shown = await office.GetAsync(next);
                Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
            }
        }

        return capture.Lines;
    }

    private static async Task<HttpResponseMessage> PostAsync(MadoguchiApp app, IHtmlDocument page, AngleSharp.Dom.IElement form, Dictionary<string, string> values)
    {
        var fields = form.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (key, value) in values)
        {
            fields[key] = value;
        }

        var action = form.GetAttribute("action");
        using var content = new FormUrlEncodedContent(fields);
        return await app.Public.PostAsync(string.IsNullOrEmpty(action) ? page.Url : action, content);
    }

    /// <summary>Every line every logger writes: the category, the message, each value and the exception as text.</summary>
    private sealed class CapturingLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lines.Enqueue($"{category}: {formatter(state, exception)} [{values}] {exception}");
            }
        }
    }
}
