using System.Net.Http.Json;
using System.Text.Json;

using Madoguchi.Audit;
using Madoguchi.Ledger;
using Madoguchi.Staff;

using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Tests.Audit.Trail;

/// <summary>
/// The audit trail an office day leaves, read back from the audit_entries table as an auditor would.
/// Two cards with names, addresses and dates of birth that appear nowhere else are imported; 海野 珠緒
/// books City Hall (本庁舎) for Wednesday 2027-02-24 9:00 with a phone number of her own on Monday
/// 2/22; then the clock stands at Wednesday 8:50 and staff sign in with a real password and
/// authenticator code from a browser that names itself.
/// </summary>
public sealed class OfficeAuditTrailTests : IAsyncLifetime
{
    private const string Tamao = "K7M-246810";
    private const string TamaoName = "海野　珠緒";
    private const string TamaoBirth = "1979-11-23";
    private const string TamaoAddress = "長野県上田市架空町九丁目8番7号";
    private const string Chiharu = "P4Q-135791";
    private const string ChiharuName = "望月　千晴";
    private const string ChiharuBirth = "1966-07-08";
    private const string ChiharuAddress = "長野県上田市幻町三丁目2番1号";
    private const string Phone = "090-8765-4321";
    private const string Browser = "Madoguchi-Audit-Test/1.0";
    private const string Password = "correct-horse-battery";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;
    private long _importId;
    private long _bookingId;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock);
        var csv = "管理番号,氏名,生年月日,性別,住所\r\n"
            + $"{Tamao},{TamaoName},{TamaoBirth},女,{TamaoAddress}\r\n"
            + $"{Chiharu},{ChiharuName},{ChiharuBirth},女,{ChiharuAddress}\r\n";
        await using (var db = _app.Database.Open())
        {
            await using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv));
            var summary = await new ImportLedgerFile(db, _clock, new AuditTrail(_clock, _app.Services.GetRequiredService<AuditKeys>(), () => TestAudit.Actor)).RunAsync(file, "cards.csv", new LedgerImportOptions("test"));
            Assert.Equal(2, summary.Imported);
            _importId = summary.ImportId!.Value;
        }

        using var booked = await _app.PostJsonAsync("/api/v1/bookings", new
        {
            placeId = 1,
            start = "2027-02-24T09:00:00+09:00",
            cards = new[] { new { managementNumber = Tamao, birthDate = TamaoBirth } },
            phone = Phone,
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var code = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        await using (var db = _app.Database.Open())
        {
            _bookingId = await db.Bookings.Where(b => b.Code == code).Select(b => b.Id).SingleAsync();
        }

        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 24, 8, 50, 0, TimeSpan.FromHours(9)));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_supervisors_morning_is_recorded_in_order_by_ids_and_never_by_the_names_numbers_or_dates_shown()
    {
        var client = Browse();
        var key = await _app.CreateAccountAsync("audit-kakaricho", StaffRole.Supervisor, Password);
        var staffId = await StaffIdAsync("audit-kakaricho");
        var tamao = await EntryIdAsync(Tamao);
        var chiharu = await EntryIdAsync(Chiharu);
        var before = await LastEntryIdAsync();

        await _app.SignInWithCodeAsync(client, "audit-kakaricho", Password, key);

        // A search by part of the name: the result is recorded by its id, the name typed is not.
        var search = await _app.PageAsync(client, "/office/ledger/search?name=" + Uri.EscapeDataString("海野"));
        Assert.Contains(TamaoName, search.Body!.TextContent, StringComparison.Ordinal);
        var entry = await _app.PageAsync(client, $"/office/ledger/entries/{tamao}");
        Assert.Contains(TamaoAddress, entry.Body!.TextContent, StringComparison.Ordinal);
        var list = await _app.PageAsync(client, "/office/counter?place=honcho");
        Assert.Contains(TamaoName, list.Body!.TextContent, StringComparison.Ordinal);

        // Check-in (the page is opened first), then 望月's card taken from the shelf by mistake, then the right one.
        var booking = $"/office/counter/bookings/{_bookingId}";
        using (var checkedIn = await MadoguchiApp.PostFormAsync(client, booking, new() { ["counter"] = "1" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, checkedIn.StatusCode);
        }

        var wrong = await _app.PageAsync(client, booking + "?number=" + Chiharu);
        Assert.Equal("number-not-in-booking", wrong.QuerySelector("#problem")!.GetAttribute("data-code"));
        using (var issued = await MadoguchiApp.PostFormAsync(client, booking + "?number=" + Tamao, new() { ["confirmed"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        }

        using (var csv = await client.GetAsync($"/office/ledger/imports/{_importId}/report.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.StartsWith("行,列,種別,理由", (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
        }

        using (var signedOut = await MadoguchiApp.PostFormAsync(client, "/office/signout", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        }

        var issueId = await IssueIdAsync(Tamao);
        var trail = (await EntriesAsync()).Where(e => e.Id > before).ToList();
        Assert.Equal(
            [
                ("staff.signin", AuditOutcome.Ok, $"staff:{staffId}"),
                ("ledger.search", AuditOutcome.Ok, $"ledger:{tamao}"),
                ("ledger.entry.view", AuditOutcome.Ok, $"ledger:{tamao}"),
                ("counter.daylist.view", AuditOutcome.Ok, $"booking:{_bookingId},ledger:{tamao}"),
                ("counter.booking.view", AuditOutcome.Ok, $"booking:{_bookingId},ledger:{tamao}"),
                ("counter.checkin", AuditOutcome.Ok, $"booking:{_bookingId}"),
                // Each check opens the booking (a look of its own) and then checks the number typed.
                ("counter.booking.view", AuditOutcome.Ok, $"booking:{_bookingId},ledger:{tamao}"),
                ("counter.issue.check", AuditOutcome.Refused, $"booking:{_bookingId},ledger:{tamao}"),
                ("counter.booking.view", AuditOutcome.Ok, $"booking:{_bookingId},ledger:{tamao}"),
                ("counter.issue.check", AuditOutcome.Ok, $"booking:{_bookingId},ledger:{tamao}"),
                ("counter.issue", AuditOutcome.Ok, $"booking:{_bookingId},issue:{issueId},ledger:{tamao}"),
                ("export.ledger.importreport", AuditOutcome.Ok, $"import:{_importId}"),
                ("staff.signout", AuditOutcome.Ok, ""),
            ],
            trail.Select(e => (e.Action, e.Outcome, e.Records)));
        Assert.All(trail, e =>
        {
            Assert.Equal(staffId, e.StaffId);
            Assert.Equal("audit-kakaricho", e.StaffLogin);
            Assert.Equal(nameof(StaffRole.Supervisor), e.Role);
            Assert.Equal("127.0.0.1", e.Address);
            Assert.Equal(Browser, e.UserAgent);
        });
        Assert.Equal(3, trail.Single(e => e.Action == "counter.issue").RecordCount);

        // 望月's entry was never on a page, so it is in no entry either.
        Assert.DoesNotContain(trail, e => e.Records.Split(',').Contains($"ledger:{chiharu}"));
        AssertNoPersonalData(await EntriesAsync(), "海野", Password);
        await AssertChainedAsync();
    }

    [Fact]
    public async Task A_closure_its_call_list_print_and_csv_and_a_phone_search_are_recorded_by_ids_never_by_the_phone_number()
    {
        var client = Browse();
        var key = await _app.CreateAccountAsync("audit-kakaricho", StaffRole.Supervisor, Password);
        await _app.SignInWithCodeAsync(client, "audit-kakaricho", Password, key);
        var tamao = await EntryIdAsync(Tamao);
        var before = await LastEntryIdAsync();

        // City Hall closes 9:00–10:00 today, over 海野's booking: she has to be called.
        using (var added = await MadoguchiApp.PostFormAsync(client, "/office/calendar/closed-days", new()
        {
            ["PlaceId"] = "1",
            ["Date"] = "2027-02-24",
            ["From"] = "09:00",
            ["Until"] = "10:00",
            ["Reason"] = "停電点検",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        int closure;
        await using (var db = _app.Database.Open())
        {
            closure = await db.ClosedDays.Select(c => c.Id).SingleAsync();
        }

        var calls = await _app.PageAsync(client, $"/office/closures/{closure}");
        Assert.Contains(Phone, calls.Body!.TextContent, StringComparison.Ordinal);
        var print = await _app.PageAsync(client, $"/office/closures/{closure}/print");
        Assert.Contains(Phone, print.Body!.TextContent, StringComparison.Ordinal);
        using (var csv = await client.GetAsync($"/office/closures/{closure}/calls.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Contains(Phone, await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // What the caller says on the phone: part of her name and her date of birth.
        var found = await _app.PageAsync(client, $"/office/bookings?name={Uri.EscapeDataString("海野")}&birth={TamaoBirth}");
        Assert.Contains(TamaoName, found.Body!.TextContent, StringComparison.Ordinal);

        var list = $"closure:{closure},booking:{_bookingId}";
        Assert.Equal(
            [
                ("closure.add", AuditOutcome.Ok, $"closure:{closure}"),
                ("closure.calls.view", AuditOutcome.Ok, list),
                ("print.closure.calls", AuditOutcome.Ok, list),
                ("export.closure.calls", AuditOutcome.Ok, list),
                ("booking.search", AuditOutcome.Ok, $"booking:{_bookingId},ledger:{tamao}"),
            ],
            (await EntriesAsync()).Where(e => e.Id > before).Select(e => (e.Action, e.Outcome, e.Records)));
        AssertNoPersonalData(await EntriesAsync(), "海野", "停電点検");
    }

    [Fact]
    public async Task Wrong_passwords_are_recorded_as_failed_with_the_login_typed_and_the_fifth_locks_the_account()
    {
        var client = Browse();
        await _app.CreateAccountAsync("audit-shokuin", StaffRole.Clerk, Password);
        var staffId = await StaffIdAsync("audit-shokuin");
        var before = await LastEntryIdAsync();

        // A login that is no account's, then four wrong passwords for a real one, then the fifth that locks it.
        await SignInExpectingRefusalAsync(client, "nobody-here", "guessed-password-1");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await SignInExpectingRefusalAsync(client, "audit-shokuin", $"wrong-password-{attempt}");
        }

        // Even the right password is refused while the account is locked: a lock-out, no sign-in.
        await SignInExpectingRefusalAsync(client, "audit-shokuin", Password);

        var trail = (await EntriesAsync()).Where(e => e.Id > before).ToList();
        var account = $"staff:{staffId}";
        Assert.Equal(
            [
                ("staff.signin.failed", AuditOutcome.Failed, "(unknown)", ""),
                ("staff.signin.failed", AuditOutcome.Failed, "audit-shokuin", account),
                ("staff.signin.failed", AuditOutcome.Failed, "audit-shokuin", account),
                ("staff.signin.failed", AuditOutcome.Failed, "audit-shokuin", account),
                ("staff.signin.failed", AuditOutcome.Failed, "audit-shokuin", account),
                ("staff.signin.failed", AuditOutcome.Failed, "audit-shokuin", account),
                ("staff.lockout", AuditOutcome.Refused, "audit-shokuin", account),
                ("staff.lockout", AuditOutcome.Refused, "audit-shokuin", account),
            ],
            trail.Select(e => (e.Action, e.Outcome, e.StaffLogin!, e.Records)));

        // Nobody was signed in: no staff id or role, but the terminal is known.
        Assert.All(trail, e =>
        {
            Assert.Null(e.StaffId);
            Assert.Null(e.Role);
            Assert.Equal("127.0.0.1", e.Address);
            Assert.Equal(Browser, e.UserAgent);
        });
        AssertNoPersonalData(trail, "guessed-password-1", "wrong-password-", Password);
    }

    [Fact]
    public async Task A_maruko_clerk_refused_at_city_hall_is_recorded_as_refused_without_the_ledger_entry()
    {
        var client = Browse();
        var key = await _app.CreateAccountAsync("audit-maruko", StaffRole.Clerk, Password, places: "maruko");
        await _app.SignInWithCodeAsync(client, "audit-maruko", Password, key);
        var staffId = await StaffIdAsync("audit-maruko");
        var before = await LastEntryIdAsync();

        using (var booking = await client.GetAsync($"/office/counter/bookings/{_bookingId}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, booking.StatusCode);
            Assert.DoesNotContain(TamaoName, await booking.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var list = await client.GetAsync("/office/counter?place=honcho"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        }

        var trail = (await EntriesAsync()).Where(e => e.Id > before).ToList();
        Assert.Equal(
            [
                ("counter.booking.view", AuditOutcome.Refused, $"booking:{_bookingId}"),
                ("counter.daylist.view", AuditOutcome.Refused, ""),
            ],
            trail.Select(e => (e.Action, e.Outcome, e.Records)));
        Assert.All(trail, e => Assert.Equal((staffId, nameof(StaffRole.Clerk)), (e.StaffId!.Value, e.Role)));
    }

    /// <summary>A browser of its own with a user agent that appears nowhere else, so the terminal can be checked.</summary>
    private HttpClient Browse()
    {
        var client = _app.NewOfficeClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Browser);
        return client;
    }

    private static async Task SignInExpectingRefusalAsync(HttpClient client, string login, string password)
    {
        using var response = await MadoguchiApp.PostFormAsync(client, "/office/signin", new() { ["login"] = login, ["password"] = password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Every column of every entry, as text: none may hold a name, address, date of birth, number or phone number.</summary>
    private static void AssertNoPersonalData(IEnumerable<AuditEntry> entries, params string[] alsoAbsent)
    {
        string[] personal =
        [
            TamaoName, "珠緒", TamaoAddress, TamaoBirth, TamaoBirth.Replace("-", "", StringComparison.Ordinal), "昭和54年",
            ChiharuName, "千晴", ChiharuAddress, ChiharuBirth, ChiharuBirth.Replace("-", "", StringComparison.Ordinal),
            Tamao, Tamao.Replace("-", "", StringComparison.Ordinal), Chiharu, Chiharu.Replace("-", "", StringComparison.Ordinal),
            Phone, Phone.Replace("-", "", StringComparison.Ordinal), .. alsoAbsent,
        ];
        foreach (var e in entries)
        {
            var text = string.Join('|', e.Id, e.At, e.StaffId, e.StaffLogin, e.Role, e.Address, e.UserAgent, e.Action, e.Records, e.RecordCount, e.Outcome);
            foreach (var value in personal)
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"Audit entry {e.Id} ({e.Action}) contains \"{value}\": {text}");
            }
        }
    }

    /// <summary>The entries written by the pages link into one chain, each sealed with the office's audit key over its content and the one before.</summary>
    private async Task AssertChainedAsync()
    {
        var keys = _app.Services.GetRequiredService<AuditKeys>();
        var previous = AuditLog.Genesis;
        foreach (var e in await EntriesAsync())
        {
            Assert.Equal(previous, e.PreviousHash);
            Assert.Equal(keys.Current.Id, e.KeyId);
            Assert.Equal(AuditLog.SealOf(e, previous, keys.Current), e.Hash);
            previous = e.Hash;
        }
    }

    private async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var db = _app.Database.Open();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    private async Task<long> LastEntryIdAsync()
    {
        await using var db = _app.Database.Open();
        return await db.AuditEntries.MaxAsync(e => (long?)e.Id) ?? 0;
    }

    private async Task<int> StaffIdAsync(string login)
    {
        await using var db = _app.Database.Open();
        return await db.StaffAccounts.Where(a => a.UserName == login).Select(a => a.Id).SingleAsync();
    }

    private async Task<long> EntryIdAsync(string number)
    {
        await using var db = _app.Database.Open();
        return await db.LedgerEntries.Where(e => e.ManagementNumber == number).Select(e => e.Id).SingleAsync();
    }

    private async Task<long> IssueIdAsync(string number)
    {
        await using var db = _app.Database.Open();
        return await db.CardIssues.Where(i => i.ManagementNumber == number).Select(i => i.Id).SingleAsync();
    }
}
