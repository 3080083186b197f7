using System.Text.Json;

using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Data;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Booking;

public sealed record CardJson(string? ManagementNumber, string? BirthDate);

public sealed record HoldJson(int? PlaceId, DateTimeOffset? Start, List<CardJson>? Cards);

public sealed record BookingJson(Guid? HoldId, int? PlaceId, DateTimeOffset? Start, List<CardJson>? Cards, string? Phone, string? Email);

public sealed record LookupJson(string? Code, string? ManagementNumber, string? BirthDate);

public sealed record PlaceJson(int Id, string Code, string Name, string NameEnglish, string Address, int Counters, int SlotMinutes);

public sealed record SlotJson(DateTimeOffset Start, DateTimeOffset End, int Remaining, string Mark);

public sealed record HoldCreatedJson(Guid HoldId, DateTimeOffset ExpiresAt);

public sealed record BookingCreatedJson(string Code, int PlaceId, DateTimeOffset Start, DateTimeOffset End, int People);

/// <summary>
/// The public API (/api/v1): the booking pages and outside channels (a LINE mini-app, a kiosk)
/// follow the same rules. Errors are problem+json with a stable <c>code</c> and Japanese text.
/// </summary>
public static class BookingApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        Converters = { new JapanTimeConverter() },
    };

    public static void MapBookingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("booking");

        api.MapGet("/places", async (MadoguchiDb db, CancellationToken ct) =>
            Results.Json(
                await db.Places.AsNoTracking().OrderBy(p => p.Id)
                    .Select(p => new PlaceJson(p.Id, p.Code, p.Name, p.NameEnglish, p.Address, p.Counters, p.SlotMinutes)).ToListAsync(ct),
                Json))
            .WithSummary("交付場所の一覧 / Places").Produces<List<PlaceJson>>(200);

        api.MapGet("/places/{id:int}/slots", async (int id, string? from, string? to, MadoguchiDb db, SlotAvailability availability, FreshSeatCounts fresh, BookingSettings settings, TimeProvider clock, CancellationToken ct) =>
        {
            var place = await CalendarCache.PlaceAsync(db, id, ct);
            if (place is null)
            {
                return Problem(BookingProblems.InvalidInput("交付場所が見つかりません。/api/v1/places の id を指定してください。", "id"));
            }

            var (first, last) = settings.Window(clock.Now());
            if (!TryDate(from, first, out var start) || !TryDate(to, last, out var end) || end < start || end.DayNumber - start.DayNumber > 62)
            {
                return Problem(BookingProblems.InvalidInput("from と to は YYYY-MM-DD で、62日以内の範囲を指定してください。", from is null ? "to" : "from"));
            }

            // Only the booking window has free seats to show; outside it the answer is an empty list.
            (start, end) = (start < first ? first : start, end > last ? last : end);
            if (end < start)
            {
                return Results.Json(Array.Empty<SlotJson>(), Json);
            }

            var json = await fresh.GetAsync(id, start, end, first, async () =>
            {
                var slots = await availability.SlotsAsync(place, start, end, ct);
                return JsonSerializer.SerializeToUtf8Bytes(slots.Where(s => s.Bookable).Select(s => new SlotJson(s.Start, s.End, s.Remaining, s.Mark)), Json);
            });
            return Results.Bytes(json, "application/json; charset=utf-8");
        })
        .WithSummary("空き状況 / Free seats per slot").Produces<List<SlotJson>>(200).ProducesProblem(422);

        api.MapPost("/holds", Route(http => Guarded(http, "holds", async (services, ct) =>
        {
            var body = await ReadAsync<HoldJson>(http, ct);
            if (body is null || body.PlaceId is not { } placeId || body.Start is not { } start || body.Cards is not { Count: > 0 } cards)
            {
                return (422, Problem(BookingProblems.InvalidInput("placeId、start、cards（managementNumber と birthDate）を指定してください。", "cards")));
            }

            var held = await services.GetRequiredService<HoldSeats>()
                .RunAsync(new HoldRequest(placeId, start, cards.Select(c => new CardProof(c?.ManagementNumber, c?.BirthDate)).ToList()), ct);
            services.GetRequiredService<FreshSeatCounts>().Forget(placeId);
            return held.Problem is { } problem
                ? (problem.Status, Problem(problem))
                : (201, Results.Json(new HoldCreatedJson(held.Value!.HoldId, held.Value.ExpiresAt), Json, statusCode: 201));
        })))
        .WithSummary("仮押さえ（10分） / Hold seats for ten minutes")
        .Accepts<HoldJson>("application/json").Produces<HoldCreatedJson>(201)
        .ProducesProblem(409).ProducesProblem(422).ProducesProblem(429);

        api.MapPost("/bookings", Route(http => Guarded(http, "bookings", async (services, ct) =>
        {
            var body = await ReadAsync<BookingJson>(http, ct);
            if (body is null)
            {
                return (422, Problem(BookingProblems.InvalidInput("holdId か placeId・start・cards と、phone を JSON で送ってください。", "holdId")));
            }

            var request = new ConfirmRequest(
                body.HoldId,
                body.PlaceId,
                body.Start,
                body.Cards?.Select(c => new CardProof(c?.ManagementNumber, c?.BirthDate)).ToList(),
                body.Phone,
                body.Email,
                "api");
            var confirm = services.GetRequiredService<ConfirmBooking>();
            // A retry that took over a request whose process died may find the booking that request made:
            // that booking is its answer, before any check a later state could fail (a full slot, issue 13.6).
            var made = services.GetRequiredService<IdempotentRequests>().TookOver && await confirm.MadeEarlierAsync(request, ct) is { } earlier
                ? earlier
                : await confirm.RunAsync(request, ct);

            if (made.Problem is { } problem)
            {
                return (problem.Status, Problem(problem));
            }

            var b = made.Value!;
            services.GetRequiredService<FreshSeatCounts>().Forget(b.PlaceId);
            return (201, Results.Json(new BookingCreatedJson(b.Code, b.PlaceId, b.Start, b.End, b.People), Json, statusCode: 201));
        })))
        .WithSummary("予約の確定 / Book")
        .Accepts<BookingJson>("application/json").Produces<BookingCreatedJson>(201)
        .ProducesProblem(409).ProducesProblem(422).ProducesProblem(429);

        api.MapPost("/bookings/lookup", Route(http => Guarded(http, null, async (services, ct) =>
        {
            var body = await ReadAsync<LookupJson>(http, ct);
            var found = await services.GetRequiredService<LookUpBooking>()
                .RunAsync(new BookingLookup(body?.Code, body?.ManagementNumber, body?.BirthDate), ct);
            return found.Problem is { } problem ? (problem.Status, Problem(problem)) : (200, Results.Json(found.Value, Json));
        })))
        .WithSummary("予約の確認 / Look up a booking")
        .Accepts<LookupJson>("application/json").Produces<BookingView>(200)
        .ProducesProblem(404).ProducesProblem(422).ProducesProblem(429);

        api.MapDelete("/bookings/{code}", (string code, HttpContext http) => Guarded(http, null, async (services, ct) =>
        {
            var body = await ReadAsync<LookupJson>(http, ct);
            var cancelled = await services.GetRequiredService<LookUpBooking>()
                .CancelAsync(new BookingLookup(code, body?.ManagementNumber, body?.BirthDate), ct);
            services.GetRequiredService<FreshSeatCounts>().ForgetAll();
            return cancelled.Problem is { } problem ? (problem.Status, Problem(problem)) : (204, Results.NoContent());
        }))
        .WithSummary("予約の取り消し（市が認めている場合） / Cancel, where the city allows it online")
        .Accepts<LookupJson>("application/json").Produces(204)
        .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422).ProducesProblem(429);
    }

    /// <summary>Typed as a route handler, so the result it returns is written to the response.</summary>
    private static Delegate Route(Func<HttpContext, Task<IResult>> handler) => handler;

    /// <summary>A refusal as problem+json: the same code, title and detail the pages show, and the input it is about.</summary>
    public static IResult Problem(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var details = new ProblemDetails
        {
            Type = $"https://madoguchi.invalid/problems/{problem.Code}",
            Title = problem.Title,
            Status = problem.Status,
            Detail = problem.Detail,
        };
        details.Extensions["code"] = problem.Code;
        details.Extensions["field"] = problem.Field;
        return TypedResults.Problem(details);
    }

    /// <summary>
    /// Every proof-checking request passes the per-address throttle; a POST with an
    /// Idempotency-Key answers its retries with the first answer.
    /// </summary>
    private static async Task<IResult> Guarded(HttpContext http, string? idempotentScope, Func<IServiceProvider, CancellationToken, Task<(int Status, IResult Result)>> work)
    {
        var services = http.RequestServices;
        var ct = http.RequestAborted;
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!await services.GetRequiredService<Throttle>().AllowAsync(client, ct))
        {
            return Problem(BookingProblems.Throttled());
        }

        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (idempotentScope is null || string.IsNullOrWhiteSpace(key))
        {
            return (await work(services, ct)).Result;
        }

        if (key.Length > 150)
        {
            return Problem(BookingProblems.InvalidInput("Idempotency-Key は150文字までにしてください。", "Idempotency-Key"));
        }

        var scopedKey = $"{idempotentScope}|{client}|{key}";
        http.Request.EnableBuffering();
        var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, ct);
        http.Request.Body.Position = 0;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            [.. System.Text.Encoding.UTF8.GetBytes(http.Request.Method + " " + http.Request.Path + "\n"), .. body.ToArray()]));
        var requests = services.GetRequiredService<IdempotentRequests>();
        if (await requests.BeginAsync(scopedKey, hash, ct) is { } earlier)
        {
            if (earlier.RequestHash != hash)
            {
                return Problem(BookingProblems.InvalidInput("この Idempotency-Key は別の内容の依頼ですでに使われています。依頼ごとに新しいキーを使ってください。", "Idempotency-Key"));
            }

            return earlier.Body is null
                ? Problem(new Problem("invalid-input", 409, "同じ依頼を処理中です", "少し待ってから、同じ Idempotency-Key でもう一度送ってください。"))
                : new StoredAnswer(earlier.Status, earlier.Body);
        }

        (int Status, IResult Result) answer;
        try
        {
            answer = await work(services, ct);
        }
        catch
        {
            await requests.AbandonAsync(scopedKey);
            throw;
        }

        // Stored even when the client has gone, so its retry gets this answer instead of doing the work again.
        var recorder = new RecordingResult(answer.Result);
        await requests.CompleteAsync(scopedKey, answer.Status, await recorder.RenderAsync(http, services), CancellationToken.None);
        return new StoredAnswer(answer.Status, recorder.Body!);
    }

    private static async Task<T?> ReadAsync<T>(HttpContext http, CancellationToken ct)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryDate(string? text, DateOnly fallback, out DateOnly date)
    {
        if (text is null)
        {
            date = fallback;
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out date);
    }

    /// <summary>
    /// Times are Japan time: one sent without an offset is read as +09:00, never as the server's zone.
    /// </summary>
    private sealed class JapanTimeConverter : System.Text.Json.Serialization.JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException();
            if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var value)
                && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
            {
                return value;
            }

            return DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local) && local.Year is > 1 and < 9999
                ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeSpan.FromHours(9))
                : throw new JsonException();
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToCityTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Renders a result to text once, so the same bytes go to the client and to the store.</summary>
    private sealed class RecordingResult(IResult inner)
    {
        public string? Body { get; private set; }

        public async Task<string> RenderAsync(HttpContext http, IServiceProvider services)
        {
            var buffer = new MemoryStream();
            var original = http.Response.Body;
            http.Response.Body = buffer;
            try
            {
                await inner.ExecuteAsync(http);
            }
            finally
            {
                http.Response.Body = original;
            }

            Body = http.Response.ContentType + "\n" + System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            return Body;
        }
    }

    private sealed class StoredAnswer(int status, string stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var newline = stored.IndexOf('\n', StringComparison.Ordinal);
            httpContext.Response.StatusCode = status;
            var contentType = stored[..newline];
            if (contentType.Length > 0)
            {
                httpContext.Response.ContentType = contentType;
            }

            await httpContext.Response.WriteAsync(stored[(newline + 1)..]);
        }
    }
}
