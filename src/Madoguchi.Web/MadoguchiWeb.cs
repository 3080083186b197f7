using System.Text.Encodings.Web;
using System.Text.Unicode;

using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Demo;
using Madoguchi.Ledger;
using Madoguchi.Web.Booking;
using Madoguchi.Web.Ledger;
using Madoguchi.Web.Operations;
using Madoguchi.Web.Staff;
using Madoguchi.Web.Zones;

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.WebEncoders;

namespace Madoguchi.Web;

/// <summary>Builds the web process: one or both zones, on the configured database.</summary>
public static class MadoguchiWeb
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Named, so that pages are found when another assembly (a test) starts the process.
            ApplicationName = typeof(MadoguchiWeb).Assembly.GetName().Name,
        });
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configure?.Invoke(builder);
        // systemd / Windows service, and HTTPS per zone from PEM files (ADR 0033).
        Madoguchi.Web.Hosting.ServerRoom.UseServerRoom(builder);

        var zones = ZoneSettings.From(builder.Configuration);
        var database = DatabaseSettings.From(builder.Configuration);
        if (zones.ServesPublic && !zones.ServesOffice && builder.Configuration.GetConnectionString("MadoguchiPublic") is { Length: > 0 } publicConnection)
        {
            // A public-only process connects with the public role, which cannot read the ledger (ADR 0010).
            database = database with { ConnectionString = publicConnection, ReadOnlySchema = true };
        }

        // The card key lives outside the database; the office side (or demo mode) makes it when missing (ADR 0025).
        database = database with { CardSecret = CardSecret.Resolve(builder.Configuration, mayCreate: zones.ServesOffice || builder.Configuration.GetValue("Madoguchi:Demo", true)) };
        builder.WebHost.UseUrls([.. zones.Urls()]);
        builder.Services.AddSingleton(zones);
        builder.Services.AddMadoguchiDatabase(database);
        builder.Services.AddSingleton(new SiteSettings(
            Demo: builder.Configuration.GetValue("Madoguchi:Demo", true),
            CityName: builder.Configuration["Madoguchi:CityName"] ?? "上田市",
            UploadFolder: builder.Configuration["Madoguchi:UploadFolder"] ?? "data/uploads"));
        builder.Services.TryAddSingletonTimeProvider();
        builder.Services.AddScoped<ImportLedgerFile>();
        builder.Services.AddScoped<SearchLedger>();
        builder.Services.AddScoped<ReadLedger>();
        builder.Services.AddScoped<SeedDemoData>();
        builder.Services.AddScoped<ResetTrainingData>();
        builder.Services.AddSingleton(BookingSettings.From(builder.Configuration));
        builder.Services.AddSingleton(Madoguchi.Notices.NoticeSettings.From(builder.Configuration));
        var mail = Madoguchi.Notices.MailSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(mail);
        if (mail.Worker && !database.ReadOnlySchema)
        {
            // Every process that writes bookings sends mail, but for one on the public role, which may only
            // add to the outbox (ADR 0027); claims keep two processes off one mail (ADR 0012).
            builder.Services.AddHostedService<Madoguchi.Notices.OutboxWorker>();
        }

        builder.Services.AddScoped<CheckCards>();
        builder.Services.AddScoped<Madoguchi.Booking.Phone.CardLocks>();
        builder.Services.AddScoped<HoldSeats>();
        builder.Services.AddScoped<ConfirmBooking>();
        builder.Services.AddScoped<Madoguchi.Booking.Phone.BookByPhone>();
        builder.Services.AddScoped<LookUpBooking>();
        builder.Services.AddScoped<SlotAvailability>();
        builder.Services.AddScoped<Throttle>();
        builder.Services.AddScoped<IdempotentRequests>();
        builder.Services.AddScoped<ReadBooking>();
        builder.Services.AddSingleton<BookingPass>();
        builder.Services.AddSingleton<FreshSeatCounts>();
        builder.Services.AddSingleton<HoldSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HoldSweeper>());
        builder.Services.AddOpenApi("v1");
        // Keys live in the database, so every web process can read the others' cookies and passes.
        // A process that serves the office keeps its own ring, out of the public role's reach (ADR 0010).
        var keys = builder.Services.AddDataProtection().SetApplicationName("Madoguchi");
        if (zones.ServesOffice)
        {
            builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
                .Configure<IServiceScopeFactory>((o, scopes) => o.XmlRepository = new Madoguchi.Web.Hardening.OfficeKeyRing(scopes));
        }
        else
        {
            keys.PersistKeysToDbContext<MadoguchiDb>();
        }
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(Madoguchi.Retention.RetentionSettings.From(builder.Configuration));
        builder.Services.AddSingleton<Madoguchi.Retention.DailyPurge>();
        builder.Services.AddSingleton(Madoguchi.Backups.BackupSettings.From(builder.Configuration));
        builder.Services.AddSingleton<Madoguchi.Backups.DailyBackup>();
        builder.Services.AddSingleton<Madoguchi.Audit.AuditChainWatch>();
        if (zones.ServesOffice && !database.ReadOnlySchema && builder.Configuration.GetValue("Madoguchi:DailyJobs", true))
        {
            builder.Services.AddHostedService<DailyJobs>();
        }

        // Read when first needed, so a public-only process never reads (or writes) the audit keys.
        builder.Services.AddSingleton(services => Madoguchi.Audit.AuditKeys.From(builder.Configuration, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddScoped(Madoguchi.Web.Audit.OfficeAudit.TrailFor);
        builder.Services.AddScoped<Madoguchi.Audit.SearchAuditLog>();
        builder.Services.AddScoped<Madoguchi.Audit.SummarizeAuditLog>();
        builder.Services.AddScoped<Madoguchi.Audit.AuditChainReview>();
        builder.Services.AddScoped<Madoguchi.Staff.StaffAccountList>();
        builder.Services.AddScoped<Madoguchi.Notices.OfficeOutbox>();
        builder.Services.AddScoped<StaffSignIn>();
        builder.Services.AddScoped<AccessDenied>();
        builder.Services.AddStaffSignIn(builder.Configuration);
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Office", StaffPolicies.Office);
            o.Conventions.AllowAnonymousToPage("/Office/Account/SignIn");
            o.Conventions.AllowAnonymousToPage("/Office/Account/Code");
            o.Conventions.AllowAnonymousToPage("/Office/Account/Denied");
            o.Conventions.AuthorizeFolder("/Office/Ledger", StaffPolicies.Ledger);
            o.Conventions.AuthorizePage("/Office/Ledger/Import", StaffPolicies.Imports);
            o.Conventions.AuthorizeFolder("/Office/Calendar", StaffPolicies.Calendar);
            o.Conventions.AuthorizeFolder("/Office/Staff", StaffPolicies.Accounts);
            o.Conventions.AuthorizeFolder("/Office/Counter", StaffPolicies.Counter);
            o.Conventions.AuthorizePage("/Office/Counter/Correct", StaffPolicies.Phone);
            o.Conventions.AuthorizeFolder("/Office/Bookings", StaffPolicies.Phone);
            o.Conventions.AuthorizeFolder("/Office/Closures", StaffPolicies.Calendar);
            o.Conventions.AuthorizeFolder("/Office/Unclaimed", StaffPolicies.Unclaimed);
            o.Conventions.AuthorizeFolder("/Office/Audit", StaffPolicies.Audit);
            o.Conventions.AuthorizeFolder("/Office/Statistics", StaffPolicies.Statistics);
            o.Conventions.AuthorizePage("/Office/Counter/DayExport", StaffPolicies.CounterExport);
            o.Conventions.AuthorizeFolder("/Office/Mail", StaffPolicies.Phone);
        });
        // Japanese text is written as it is, not as numeric character references.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = 512L * 1024 * 1024);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 512L * 1024 * 1024);

        // Metrics, health and request logs (ADR 0032).
        builder.AddMadoguchiOperations(zones, database);

        var app = builder.Build();
        app.UseMadoguchiRequestLog();
        app.UseExceptionHandler(errors => errors.Run(async context =>
        {
            // No stack trace, SQL or exception text ever reaches a citizen or a clerk.
            var failure = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
            if (failure is not null && DatabaseTrouble.Of(failure) is { } trouble)
            {
                await Madoguchi.Web.Hardening.DatabaseTroubleAnswer.WriteAsync(context, trouble);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                await BookingApi.Problem(new Problem("server-error", 500, "処理できませんでした",
                    "システムで問題が起きました。しばらく待ってからもう一度お試しください。続くときは市民課にお電話ください。")).ExecuteAsync(context);
                return;
            }

            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("システムで問題が起きました。しばらく待ってからもう一度お試しください。続くときは市民課にお問い合わせください。\nSomething went wrong. Please try again later.");
        }));
        var forwarded = builder.Configuration["Madoguchi:TrustedProxies"];
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            // Behind the city's reverse proxy the throttle must count the citizen's address, not the proxy's.
            var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
            foreach (var proxy in forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(options);
        }

        // The card check's lock-out counts per card and per address (ADR 0025): the address of this request.
        app.Use(async (context, next) =>
        {
            CheckCards.Client = context.Connection.RemoteIpAddress?.ToString();
            await next(context);
        });

        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                // The API answers problem+json, its error answers included.
                await BookingApi.Problem(new Problem(status == 404 ? "not-found" : "error", status,
                    status == 404 ? "見つかりません" : $"処理できませんでした（{status}）",
                    status == 404 ? "このアドレスはありません。API の説明（/openapi/v1.json）を確かめてください。" : "要求を確かめてから、もう一度お試しください。")).ExecuteAsync(http);
                return;
            }

            await ShowStatusPageAsync(context);
        });
        app.UseMiddleware<Madoguchi.Web.Hardening.SecurityHeaders>();
        app.UseMiddleware<ZoneGate>();
        app.MapSiteAssets();
        app.UseMadoguchiOperations();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<SetupGate>();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapLedgerReport().RequireAuthorization(StaffPolicies.Ledger);
        app.MapBookingApi();
        app.MapBookingCalendarFile();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }

    /// <summary>Applies migrations, seeds demo data when asked, and prints where the zones listen.</summary>
    public static async Task PrepareAsync(this WebApplication app, TextWriter console)
    {
        var database = app.Services.GetRequiredService<DatabaseSettings>();
        if (database.ReadOnlySchema)
        {
            await database.RequireMigratedAsync();
        }
        else
        {
            await database.MigrateAsync();
        }

        var site = app.Services.GetRequiredService<SiteSettings>();
        if (app.Services.GetRequiredService<ZoneSettings>().ServesOffice)
        {
            // A missing or unreadable audit key stops the office at start, not at its first audit entry.
            app.Services.GetRequiredService<Madoguchi.Audit.AuditKeys>();
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The card check's rules and key (ADR 0025): the office side writes them and re-keys
            // digests made under another key; a public-only process checks it holds the same key.
            var db = scope.ServiceProvider.GetRequiredService<MadoguchiDb>();
            var rules = new CardCheckRules(db, app.Services.GetRequiredService<BookingSettings>());
            if (database.ReadOnlySchema)
            {
                await rules.RequireSameKeyAsync();
            }
            else
            {
                await rules.WriteAsync();
                if (await new RekeyCards(db, Madoguchi.Web.Audit.OfficeAudit.TrailFor(scope.ServiceProvider)).RunAsync() is > 0 and var rekeyed)
                {
                    console.WriteLine($"交付管理簿の {rekeyed:N0} 件の照合用ダイジェストを現在のカードの鍵で作り直しました。 / Re-keyed {rekeyed:N0} card digests.");
                }
            }
        }

        if (!database.ReadOnlySchema)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var places = PlaceSetup.Read(app.Configuration["Madoguchi:PlacesFile"]);
            await PlaceSetup.SeedAsync(scope.ServiceProvider.GetRequiredService<MadoguchiDb>(), places);
        }

        if (site.Demo && !database.ReadOnlySchema)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var seeded = await scope.ServiceProvider.GetRequiredService<SeedDemoData>().RunAsync();
            seeded.Print(console);
        }

        var zones = app.Services.GetRequiredService<ZoneSettings>();
        console.WriteLine();
        if (zones.ServesPublic)
        {
            console.WriteLine($"市民向け（公開ゾーン） / Public zone: {zones.PublicUrl.GetLeftPart(UriPartial.Authority)}/");
        }

        if (zones.ServesOffice)
        {
            console.WriteLine($"職員向け（庁内ゾーン） / Office zone: {zones.OfficeUrl.GetLeftPart(UriPartial.Authority)}/office/");
        }

        if (site.Demo)
        {
            console.WriteLine("練習モードで動いています（Madoguchi__Demo=false で本番モード）。 / Training mode (set Madoguchi__Demo=false for production).");
        }
    }

    /// <summary>
    /// Shows the error page of the zone (<c>/error/{status}</c>) in place of an empty error answer, as
    /// UseStatusCodePagesWithReExecute does, but as a GET whatever the method was (a refused form post).
    /// </summary>
    private static async Task ShowStatusPageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var (path, query, method) = (request.Path, request.QueryString, request.Method);
        var endpoint = http.GetEndpoint();
        var routeValues = http.Features.Get<Microsoft.AspNetCore.Http.Features.IRouteValuesFeature>();
        var original = routeValues?.RouteValues;
        http.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature
        {
            OriginalPath = path,
            OriginalPathBase = request.PathBase.Value!,
            OriginalQueryString = query.HasValue ? query.Value : null,
            Endpoint = endpoint,
            RouteValues = original is null ? null : new RouteValueDictionary(original),
        });
        http.SetEndpoint(null);
        if (routeValues is not null)
        {
            routeValues.RouteValues = [];
        }

        request.Path = $"/error/{http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        request.QueryString = QueryString.Empty;
        request.Method = HttpMethods.Get;
        try
        {
            await context.Next(http);
        }
        finally
        {
            (request.Path, request.QueryString, request.Method) = (path, query, method);
            http.SetEndpoint(endpoint);
            if (routeValues is not null && original is not null)
            {
                routeValues.RouteValues = original;
            }

            http.Features.Set<IStatusCodeReExecuteFeature>(null);
        }
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}

public sealed record SiteSettings(bool Demo, string CityName, string UploadFolder);
