using AngleSharp.Dom;
using AngleSharp.Html.Dom;

using Madoguchi.Booking;

namespace Madoguchi.Tests.Calendar.Office;

/// <summary>Staff set up places, closed days and the holidays list on the office pages, without JavaScript.</summary>
public sealed class OfficeCalendarPagesTests : IAsyncLifetime
{
    // 2026-11-26 12:00 in Tokyo.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
    private MadoguchiApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await MadoguchiApp.StartAsync(clock: _clock);
        await _app.SignInAsync(Madoguchi.Staff.StaffRole.Supervisor);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_place_is_changed_through_its_form_and_its_future_slots_follow()
    {
        var list = await _app.PageAsync(_app.Office, "/office/calendar/places");
        Assert.Equal(5, list.QuerySelectorAll("tr[data-place]").Length);
        var honcho = list.QuerySelector("tr[data-place=honcho]")!;
        Assert.Equal("月〜金 8:30〜17:15", honcho.QuerySelector("[data-field=hours]")!.TextContent);
        Assert.Contains("窓口の数と同じ", honcho.QuerySelector("[data-field=seats]")!.TextContent, StringComparison.Ordinal);
        var edit = honcho.QuerySelector("a")!.GetAttribute("href")!;
        var slot = await AddTakenSlotAsync("honcho", new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(9)), taken: 2);

        var form = await _app.PageAsync(_app.Office, edit);
        Assert.Equal("2", form.QuerySelector<IHtmlInputElement>("#Counters")!.Value);
        Assert.Contains("mon=08:30-17:15", form.QuerySelector("#Hours")!.TextContent, StringComparison.Ordinal);
        using var saved = await SubmitAsync(form, "main form[method=post]", edit, new()
        {
            ["Counters"] = "1",
            ["Hours"] = "mon=08:30-17:15\ntue=08:30-17:15\nwed=08:30-17:15\nthu=08:30-17:15\nfri=08:30-17:15\nsat=09:00-12:00",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(edit, saved.Headers.Location!.ToString());
        var after = await _app.PageAsync(_app.Office, edit);
        var notice = after.QuerySelector("#notice")!.TextContent;
        Assert.Contains("保存しました", notice, StringComparison.Ordinal);
        Assert.Contains("1 件の枠は", notice, StringComparison.Ordinal);
        Assert.Equal("1", after.QuerySelector<IHtmlInputElement>("#Counters")!.Value);
        var listed = await _app.PageAsync(_app.Office, "/office/calendar/places");
        Assert.Equal("月〜金 8:30〜17:15、土 9:00〜12:00", listed.QuerySelector("tr[data-place=honcho] [data-field=hours]")!.TextContent);
        await using var db = _app.Database.Open();
        Assert.Equal(1, await db.Places.Where(p => p.Code == "honcho").Select(p => p.Counters).SingleAsync());
        Assert.Equal(2, await db.Slots.Where(s => s.Id == slot).Select(s => s.Capacity).SingleAsync());
    }

    [Fact]
    public async Task A_wrong_value_is_shown_again_beside_its_field_and_nothing_is_saved()
    {
        var form = await _app.PageAsync(_app.Office, "/office/calendar/places/1");

        using var response = await SubmitAsync(form, "main form[method=post]", "/office/calendar/places/1", new() { ["Counters"] = "0", ["SlotMinutes"] = "30" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await MadoguchiApp.ParseAsync(response);
        foreach (var field in new[] { "Counters", "SlotMinutes" })
        {
            var input = page.QuerySelector($"#{field}")!;
            Assert.Equal("true", input.GetAttribute("aria-invalid"));
            Assert.Contains($"{field}-error", input.GetAttribute("aria-describedby")!, StringComparison.Ordinal);
            Assert.StartsWith("エラー: ", page.QuerySelector($"#{field}-error")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(page.QuerySelector($"#errors a[href='#{field}']"));
        }

        Assert.Equal("0", page.QuerySelector<IHtmlInputElement>("#Counters")!.Value);
        Assert.Null(page.QuerySelector("#Name")!.GetAttribute("aria-invalid"));
        await using var db = _app.Database.Open();
        Assert.Equal((2, 15), await db.Places.Where(p => p.Id == 1).Select(p => ValueTuple.Create(p.Counters, p.SlotMinutes)).SingleAsync());
    }

    [Fact]
    public async Task A_place_closure_is_added_and_deleted_through_the_forms()
    {
        var page = await _app.PageAsync(_app.Office, "/office/calendar/closed-days?year=2027");
        Assert.Contains("元日", page.QuerySelector("tr[data-date='2027-01-01']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("YearEnd", page.QuerySelector("tr[data-date='2027-12-29']")!.GetAttribute("data-kind"));
        var maruko = page.QuerySelectorAll("#PlaceId option").Single(o => o.TextContent == "丸子自治センター").GetAttribute("value")!;
        await AddTakenSlotAsync("maruko", new DateTimeOffset(2027, 5, 10, 14, 0, 0, TimeSpan.FromHours(9)), taken: 1, booked: true);

        using var added = await SubmitAsync(page, "form[action*='handler=Add']", null, new()
        {
            ["PlaceId"] = maruko,
            ["Date"] = "2027-05-10",
            ["From"] = "13:00",
            ["Until"] = "17:15",
            ["Reason"] = "職員研修",
        });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var list = await _app.PageAsync(_app.Office, added.Headers.Location!.ToString());
        var notice = list.QuerySelector("#notice")!.TextContent;
        Assert.Contains("追加しました", notice, StringComparison.Ordinal);
        Assert.Contains("予約が 1 件", notice, StringComparison.Ordinal);
        var row = list.QuerySelector("tr[data-date='2027-05-10']")!;
        foreach (var text in new[] { "交付場所の休み", "丸子自治センター", "13:00〜17:15", "職員研修" })
        {
            Assert.Contains(text, row.TextContent, StringComparison.Ordinal);
        }

        using var deleted = await SubmitAsync(list, "tr[data-date='2027-05-10'] form", null, []);

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var after = await _app.PageAsync(_app.Office, deleted.Headers.Location!.ToString());
        Assert.Contains("削除しました", after.QuerySelector("#notice")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("tr[data-date='2027-05-10']"));
        await using var db = _app.Database.Open();
        Assert.Equal(0, await db.ClosedDays.CountAsync());
    }

    [Fact]
    public async Task A_closure_without_a_reason_or_in_the_past_is_refused_beside_its_fields()
    {
        var page = await _app.PageAsync(_app.Office, "/office/calendar/closed-days");

        using var response = await SubmitAsync(page, "form[action*='handler=Add']", null, new() { ["Date"] = "2026-11-25", ["Reason"] = "" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refused = await MadoguchiApp.ParseAsync(response);
        foreach (var field in new[] { "Date", "Reason" })
        {
            Assert.Equal("true", refused.QuerySelector($"#{field}")!.GetAttribute("aria-invalid"));
            Assert.Contains($"{field}-error", refused.QuerySelector($"#{field}")!.GetAttribute("aria-describedby")!, StringComparison.Ordinal);
        }

        Assert.Contains("過ぎた日", refused.QuerySelector("#Date-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2026-11-25", refused.QuerySelector<IHtmlInputElement>("#Date")!.Value);
        await using var db = _app.Database.Open();
        Assert.Equal(0, await db.ClosedDays.CountAsync());
    }

    [Fact]
    public async Task A_holidays_file_is_checked_then_imported_and_its_year_comes_from_the_import()
    {
        var page = await _app.PageAsync(_app.Office, "/office/calendar/holidays");
        Assert.Equal("Shipped", page.QuerySelector("tr[data-year='2027']")!.GetAttribute("data-source"));
        Assert.Equal("Rules", page.QuerySelector("tr[data-year='2028']")!.GetAttribute("data-source"));

        var check = await UploadHolidaysAsync(page, ImportHolidaysTests.File2027WithJuneFirst());

        Assert.Null(check.QuerySelector("#file-errors"));
        Assert.Contains("2027", check.QuerySelector("#check tr[data-year='2027']")!.TextContent, StringComparison.Ordinal);
        await using (var db = _app.Database.Open())
        {
            Assert.Equal(0, await db.ImportedHolidays.CountAsync());
        }

        using var imported = await SubmitAsync(check, "form[action*='handler=Import']", null, []);

        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var after = await _app.PageAsync(_app.Office, imported.Headers.Location!.ToString());
        Assert.Contains("取り込みました", after.QuerySelector("#notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Imported", after.QuerySelector("tr[data-year='2027']")!.GetAttribute("data-source"));
        Assert.Contains("2027年", after.QuerySelector("#imported-years")!.TextContent, StringComparison.Ordinal);
        var closed = await _app.PageAsync(_app.Office, "/office/calendar/closed-days?year=2027");
        Assert.Equal("NationalHoliday", closed.QuerySelector("tr[data-date='2027-06-01']")!.GetAttribute("data-kind"));
    }

    [Fact]
    public async Task A_bad_holidays_file_is_refused_with_its_errors_and_nothing_is_stored()
    {
        var page = await _app.PageAsync(_app.Office, "/office/calendar/holidays");
        var bad = Encoding.UTF8.GetBytes("国民の祝日・休日月日,国民の祝日・休日名称\r\n2027/1/1,元日\r\n2027/13/1,休日\r\n");

        var refused = await UploadHolidaysAsync(page, bad);

        Assert.Contains("3行目", refused.QuerySelector("#file-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", refused.QuerySelector("#file")!.GetAttribute("aria-invalid"));
        Assert.Null(refused.QuerySelector("form[action*='handler=Import']"));
        await using var db = _app.Database.Open();
        Assert.Equal(0, await db.ImportedHolidays.CountAsync());
    }

    private async Task<IHtmlDocument> UploadHolidaysAsync(IHtmlDocument page, byte[] file)
    {
        var form = page.QuerySelector("form[action*='handler=Check']")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "file", "syukujitsu.csv" },
        };
        using var response = await _app.Office.PostAsync(form.GetAttribute("action"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await MadoguchiApp.ParseAsync(response);
    }

    /// <summary>Submits a form as a browser without JavaScript would: its fields as shown, with some changed.</summary>
    private async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, string selector, string? pagePath, Dictionary<string, string> changes)
    {
        var form = page.QuerySelector(selector)!;
        var fields = new Dictionary<string, string>();
        foreach (var element in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = element.GetAttribute("name")!;
            fields[name] = element switch
            {
                IHtmlSelectElement select => select.QuerySelectorAll("option").FirstOrDefault(o => o.HasAttribute("selected"))?.GetAttribute("value")
                    ?? select.QuerySelector("option")?.GetAttribute("value") ?? "",
                IHtmlTextAreaElement area => area.TextContent,
                _ => element.GetAttribute("value") ?? "",
            };
        }

        foreach (var (name, value) in changes)
        {
            fields[name] = value;
        }

        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : pagePath!;
        using var content = new FormUrlEncodedContent(fields);
        return await _app.Office.PostAsync(action, content);
    }

    private async Task<long> AddTakenSlotAsync(string placeCode, DateTimeOffset start, int taken, bool booked = false)
    {
        await using var db = _app.Database.Open();
        var placeId = await db.Places.Where(p => p.Code == placeCode).Select(p => p.Id).SingleAsync();
        var slot = new Slot { PlaceId = placeId, Start = start, End = start.AddMinutes(15), Capacity = taken, Taken = taken };
        db.Slots.Add(slot);
        await db.SaveChangesAsync();
        if (booked)
        {
            db.Bookings.Add(new PickupBooking
            {
                Code = "TEST00001",
                SlotId = slot.Id,
                PlaceId = placeId,
                Start = start,
                End = slot.End,
                People = taken,
                Phone = "0268-22-4100",
                CreatedAt = start.AddDays(-30),
                Channel = "web",
            });
            await db.SaveChangesAsync();
        }

        return slot.Id;
    }
}
