using Madoguchi.Booking;
using Madoguchi.Booking.Phone;
using Madoguchi.Calendar;
using Madoguchi.Notices;
using Madoguchi.Staff;

using MimeKit;

namespace Madoguchi.Tests.Notices;

/// <summary>
/// Mails to citizens end to end, on each engine: the real web app writes the outbox with each change,
/// its worker sends over SMTP to a real server on loopback, and the test reads what arrived. Today is
/// Monday 2027-02-22 10:00 in Ueda, so Monday 3/1 and Tuesday 3/2 at City Hall (place 1, two seats a
/// slot) are bookable; the dates of birth are the ones imported with each card.
/// </summary>
public abstract class MailNoticeTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Taro = "A1B-123456";
    private const string TaroBirth = "1985-04-12";
    private const string Hanako = "C2D-654321";
    private const string HanakoBirth = "1990-01-01";
    private const string Jiro = "E3F-111111";
    private const string JiroBirth = "2000-02-29";

    // An address and phone found nowhere else, so that they can be looked for.
    private const string TaroEmail = "taro.mail-test@example.jp";
    private const string HanakoEmail = "hanako.mail-test@example.jp";
    private const string Phone = "090-1357-2468";

    private static readonly DateTimeOffset MarchFirstNine = new(2027, 3, 1, 9, 0, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset MarchSecondTen = new(2027, 3, 2, 10, 0, 0, TimeSpan.FromHours(9));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero));
    private readonly LoopbackSmtp _smtp = new();
    private MadoguchiApp? _app;

    protected DatabaseProvider Provider => provider;

    public async Task InitializeAsync() => await _smtp.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _smtp.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_confirmation_arrives_once_with_an_encoded_japanese_subject_date_message_id_both_parts_and_the_ics()
    {
        var app = await StartAsync();
        var code = await BookAsync(app, MarchFirstNine, TaroEmail, (Taro, TaroBirth));

        var mail = (await _smtp.WaitForAsync(1)).Single();
        var raw = Encoding.ASCII.GetString(_smtp.Raw.Single());
        // The server has the mail a moment before the worker records it as sent.
        await EventuallyAsync(app, m => m.Status == MailStatus.Sent);
        await using var db = app.Database.Open();
        var row = await db.Outbox.SingleAsync();

        // The header as it travels: RFC 2047, UTF-8, base64 (the Japanese subject is not sent raw).
        Assert.Matches(@"(?im)^Subject: =\?utf-8\?b\?", raw);
        Assert.Equal($"【上田市】マイナンバーカード受け取りの予約を受け付けました（予約番号 {code}）", mail.Subject);
        Assert.Equal(TaroEmail, mail.To.Mailboxes.Single().Address);
        Assert.Equal("yoyaku@city.ueda.example", mail.From.Mailboxes.Single().Address);
        Assert.Equal(_clock.GetUtcNow(), mail.Date);
        Assert.Equal(row.MessageId, mail.MessageId);
        Assert.EndsWith("@city.ueda.example", mail.MessageId, StringComparison.Ordinal);
        Assert.Equal((MailStatus.Sent, 1, MailKind.Confirmed), (row.Status, row.Attempts, row.Kind));

        // Japanese first, English below; the city's name and contact; the booking's code, place and time.
        var text = mail.TextBody ?? "";
        foreach (var expected in new[] { code, "本庁舎 市民課", "2027年3月1日（月）9:00〜9:15", "上田市役所 市民課", "0268-22-4100", "Monday 1 March 2027, 9:00" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.True(text.IndexOf("予約を受け付けました", StringComparison.Ordinal) < text.IndexOf("----- English -----", StringComparison.Ordinal));
        Assert.Contains($"<td>{code}</td>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("0268-22-4100", mail.HtmlBody, StringComparison.Ordinal);

        var ics = mail.Attachments.OfType<MimePart>().Single();
        Assert.Equal("text/calendar", ics.ContentType.MimeType);
        var calendar = Decode(ics);
        Assert.Contains("DTSTART:20270301T000000Z", calendar, StringComparison.Ordinal);
        Assert.Contains($"UID:{code}@madoguchi", calendar, StringComparison.Ordinal);

        // Later rounds find nothing more to send.
        await Task.Delay(500);
        Assert.Single(_smtp.Raw);
    }

    [SkippableFact]
    public async Task A_change_a_closure_the_reminder_and_a_cancel_each_send_their_mail_and_none_holds_ledger_data_or_the_phone()
    {
        var app = await StartAsync();
        var taro = await BookAsync(app, MarchFirstNine, TaroEmail, (Taro, TaroBirth));
        var hanako = await BookAsync(app, MarchSecondTen, HanakoEmail, (Hanako, HanakoBirth));
        // Jiro gave no address: he gets no mail at any step.
        await BookAsync(app, MarchSecondTen, null, (Jiro, JiroBirth));
        await _smtp.WaitForAsync(2);

        var notices = new NoticeSettings();
        await using (var db = app.Database.Open())
        {
            var taroId = await db.Bookings.Where(b => b.Code == taro).Select(b => b.Id).SingleAsync();
            var moved = await new ChangeBookingTime(db, _clock, new BookingSettings(), notices, TestAudit.Trail(_clock)).RunAsync(taroId, 1, MarchFirstNine.AddHours(1), _ => true);
            Assert.True(moved.Ok, moved.Problem?.Detail);
        }

        // Staff close City Hall on 3/2; the reason is staff's typing and must arrive as text, not markup.
        await using (var db = app.Database.Open())
        {
            var closed = await new CloseDay(db, _clock, notices, TestAudit.Trail(_clock)).AddAsync(new ClosureRequest("1", "2027-03-02", null, null, "<b>停電</b>点検"));
            Assert.Equal((ClosureStatus.Added, 2), (closed.Status, closed.Bookings));
        }

        await _smtp.WaitForAsync(4);

        // Sunday 2/28 17:00, the reminder hour: Taro's booking of Monday gets its reminder.
        _clock.SetUtcNow(new DateTimeOffset(2027, 2, 28, 8, 0, 0, TimeSpan.Zero));
        await _smtp.WaitForAsync(5);

        await using (var db = app.Database.Open())
        {
            var hanakoId = await db.Bookings.Where(b => b.Code == hanako).Select(b => b.Id).SingleAsync();
            var cancelled = await new CancelByPhone(db, _clock, notices, TestAudit.Trail(_clock)).RunAsync(hanakoId, "本人から電話", 1, _ => true);
            Assert.True(cancelled.Ok, cancelled.Problem?.Detail);
        }

        var mails = await _smtp.WaitForAsync(6);
        await Task.Delay(500);
        Assert.Equal(6, _smtp.Raw.Count);
        Assert.Equal(
            [
                (TaroEmail, $"【上田市】マイナンバーカード受け取りの予約を受け付けました（予約番号 {taro}）"),
                (HanakoEmail, $"【上田市】マイナンバーカード受け取りの予約を受け付けました（予約番号 {hanako}）"),
                (TaroEmail, $"【上田市】予約の日時を変更しました（予約番号 {taro}）"),
                (HanakoEmail, $"【上田市】ご予約の日時に交付場所が休みになります（予約番号 {hanako}）"),
                (TaroEmail, $"【上田市】明日はマイナンバーカードの受け取りの日です（予約番号 {taro}）"),
                (HanakoEmail, $"【上田市】予約を取り消しました（予約番号 {hanako}）"),
            ],
            // In the order they arrived: each step waited for the one before, so this is also the order they were written.
            mails.Select(m => (m.To.Mailboxes.Single().Address, m.Subject ?? "")).ToList());

        var changed = mails.Single(m => m.Subject!.Contains("変更", StringComparison.Ordinal));
        Assert.Contains("変更前の日時：2027年3月1日（月）9:00〜9:15", changed.TextBody, StringComparison.Ordinal);
        Assert.Contains("変更後の日時：2027年3月1日（月）10:00〜10:15", changed.TextBody, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20270301T010000Z", Decode(changed.Attachments.OfType<MimePart>().Single()), StringComparison.Ordinal);

        var closure = mails.Single(m => m.Subject!.Contains("休み", StringComparison.Ordinal));
        Assert.Contains("&lt;b&gt;停電&lt;/b&gt;点検", closure.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>停電", closure.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("0268-22-4100", closure.TextBody, StringComparison.Ordinal);
        Assert.Empty(closure.Attachments);

        // Hanako's booking is deleted (R7): once its last mail went, no mail row keeps her address or text either.
        await EventuallyAsync(app, async db => !await db.Outbox.AnyAsync(m => m.To == HanakoEmail || (m.BookingId != null && m.TextBody.Contains(hanako))));

        // What the ledger holds (names, addresses as imported) and the phone typed never appear in any part.
        foreach (var m in mails)
        {
            var everything = m.TextBody + m.HtmlBody + string.Concat(m.Attachments.OfType<MimePart>().Select(Decode));
            foreach (var secret in new[] { "試験", "長野県上田市大手一丁目0番", "長野県上田市大手一丁目1番", Phone, Taro, Hanako })
            {
                Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
            }
        }
    }

    [SkippableFact]
    public async Task A_mail_server_that_is_down_delays_the_mail_and_it_arrives_once_when_the_server_is_back()
    {
        await _smtp.StopAsync();
        var app = await StartAsync();
        await BookAsync(app, MarchFirstNine, TaroEmail, (Taro, TaroBirth));

        var waiting = await EventuallyAsync(app, m => m.Attempts >= 1);
        Assert.Equal(MailStatus.Pending, waiting.Status);
        Assert.False(string.IsNullOrEmpty(waiting.LastError));
        Assert.DoesNotContain(TaroEmail, waiting.LastError, StringComparison.Ordinal);
        // First retry one minute after the failure (the default back-off).
        Assert.Equal(_clock.GetUtcNow().AddMinutes(1), waiting.NextAttemptAt);

        await _smtp.StartAsync();
        // Half a minute on: still waiting; nothing is sent before its time.
        _clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        Assert.Empty(_smtp.Raw);

        _clock.Advance(TimeSpan.FromSeconds(30));
        var mail = (await _smtp.WaitForAsync(1)).Single();
        var sent = await EventuallyAsync(app, m => m.Status == MailStatus.Sent);
        Assert.Equal((waiting.MessageId, 2), (mail.MessageId, sent.Attempts));

        _clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(500);
        Assert.Single(_smtp.Raw);
    }

    [SkippableFact]
    public async Task A_server_that_keeps_refusing_makes_the_mail_failed_on_the_office_page_and_a_resend_delivers_it()
    {
        // 451 "try again later" each time: three attempts (1 and then 2 minutes apart), then failed.
        _smtp.Refuse = (SmtpServer.Protocol.SmtpReplyCode)451;
        var app = await StartAsync(maxAttempts: 3);
        await BookAsync(app, MarchFirstNine, TaroEmail, (Taro, TaroBirth));
        await EventuallyAsync(app, m => m.Attempts == 1);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await EventuallyAsync(app, m => m.Attempts == 2);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(2), second.NextAttemptAt);
        _clock.Advance(TimeSpan.FromMinutes(2));
        var failed = await EventuallyAsync(app, m => m.Status == MailStatus.Failed);
        Assert.StartsWith("451", failed.LastError, StringComparison.Ordinal);

        await app.SignInAsync(StaffRole.Clerk);
        var page = await app.PageAsync(app.Office, "/office/mail?status=failed");
        var line = page.QuerySelector($"tr[data-mail='{failed.Id}']")!;
        Assert.Equal("failed", line.GetAttribute("data-status"));
        Assert.Contains("送れなかった", line.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#failed-warning"));
        Assert.DoesNotContain(TaroEmail, page.DocumentElement.OuterHtml, StringComparison.Ordinal);

        _smtp.Refuse = null;
        using var resent = await MadoguchiApp.PostFormAsync(app.Office, "/office/mail?status=failed", []);
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        var mail = (await _smtp.WaitForAsync(1)).Single();
        Assert.Equal(failed.MessageId, mail.MessageId);
        await EventuallyAsync(app, m => m.Status == MailStatus.Sent);

        // The detail page shows the address, and its view is audited like any personal data.
        var detail = await app.PageAsync(app.Office, $"/office/mail/{failed.Id}");
        Assert.Equal(TaroEmail, detail.QuerySelector("#to")!.TextContent);
        await using var db = app.Database.Open();
        var actions = await db.AuditEntries.Where(e => e.Action.StartsWith("mail.")).Select(e => e.Action + " " + e.Records).ToListAsync();
        Assert.Contains($"mail.resend mail:{failed.Id}", actions);
        Assert.Contains(actions, a => a.StartsWith($"mail.view mail:{failed.Id},booking:", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_refusal_for_good_fails_the_mail_at_once()
    {
        // 554: the server will never take it; retrying would only delay telling staff.
        _smtp.Refuse = (SmtpServer.Protocol.SmtpReplyCode)554;
        var app = await StartAsync();
        await BookAsync(app, MarchFirstNine, TaroEmail, (Taro, TaroBirth));
        var failed = await EventuallyAsync(app, m => m.Status == MailStatus.Failed);
        Assert.Equal(1, failed.Attempts);
        Assert.StartsWith("554", failed.LastError, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_mail_whose_worker_died_while_its_booking_was_cancelled_never_goes()
    {
        // Booking 999 does not exist: cancelled while a worker (claim run out 1 minute ago) was sending its confirmation.
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            db.Outbox.Add(new OutboxMail
            {
                EventKey = "confirmed:999:TEST",
                Kind = MailKind.Confirmed,
                BookingId = 999,
                To = TaroEmail,
                Subject = "予約の受付 予約番号 ABCD-EFGH",
                TextBody = "本文",
                HtmlBody = "<p>本文</p>",
                MessageId = "orphan@city.ueda.example",
                CreatedAt = _clock.GetUtcNow(),
                NextAttemptAt = _clock.GetUtcNow(),
                ClaimedUntil = _clock.GetUtcNow().AddMinutes(-1),
                ClaimedBy = "a worker that died",
            });
            await db.SaveChangesAsync();
        }

        var settings = new MailSettings { Host = "127.0.0.1", Port = _smtp.Port, Security = MailSecurity.None };
        await using (var db = database.Open())
        {
            await new DeliverOutbox(db, _clock, settings, "alive").RunAsync(() => new SmtpCarrier(settings));
        }

        Assert.Empty(_smtp.Raw);
        await using var check = database.Open();
        var mail = await check.Outbox.SingleAsync();
        Assert.Equal((MailStatus.Superseded, null, ""), (mail.Status, mail.To, mail.TextBody));
        Assert.DoesNotContain("ABCD-EFGH", mail.Subject, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Two_workers_on_one_database_send_each_mail_once()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            // Forty mails: enough that both workers are busy in the same rounds.
            for (var i = 0; i < 40; i++)
            {
                db.Outbox.Add(new OutboxMail
                {
                    EventKey = $"test:{i}",
                    Kind = MailKind.Reminder,
                    To = $"citizen{i}@example.jp",
                    Subject = $"件名 {i}",
                    TextBody = "本文",
                    HtmlBody = "<p>本文</p>",
                    MessageId = $"m{i}@city.ueda.example",
                    CreatedAt = _clock.GetUtcNow(),
                    NextAttemptAt = _clock.GetUtcNow(),
                });
            }

            await db.SaveChangesAsync();
        }

        var settings = new MailSettings { Host = "127.0.0.1", Port = _smtp.Port, Security = MailSecurity.None };
        async Task<int> WorkAsync(string name)
        {
            var sent = 0;
            for (var round = 0; round < 10; round++)
            {
                await using var db = database.Open();
                sent += (await new DeliverOutbox(db, _clock, settings, name).RunAsync(() => new SmtpCarrier(settings))).Sent;
            }

            return sent;
        }

        var counts = await Task.WhenAll(WorkAsync("one"), WorkAsync("two"));

        Assert.Equal(40, counts.Sum());
        Assert.Equal(40, _smtp.Messages.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(40, _smtp.Raw.Count);
        await using var check = database.Open();
        Assert.Equal(40, await check.Outbox.CountAsync(m => m.Status == MailStatus.Sent && m.Attempts == 1));
    }

    [SkippableFact]
    public async Task Two_web_processes_on_one_database_send_each_booking_mail_once()
    {
        var first = await StartAsync();
        // The second process uses the first one's database, as a second server behind the city's load balancer would.
        var settings = _smtp.AppSettings();
        settings["ConnectionStrings:Madoguchi"] = first.Database.Settings.ConnectionString;
        await using var second = await MadoguchiApp.StartAsync(provider, clock: _clock, settings: settings);
        var cards = Enumerable.Range(0, 12).Select(i => ($"K{i:D2}-{100000 + i}", "1980-01-01")).ToArray();
        await first.ImportCardsAsync(_clock, cards);

        // Twelve bookings, half through each process, two to a slot (City Hall's two seats).
        var codes = new List<string>();
        for (var i = 0; i < cards.Length; i++)
        {
            codes.Add(await BookAsync(i % 2 == 0 ? first : second, MarchFirstNine.AddMinutes(15 * (i / 2)), $"citizen{i}@example.jp", cards[i]));
        }

        var mails = await _smtp.WaitForAsync(cards.Length);
        await Task.Delay(1000);
        Assert.Equal(cards.Length, _smtp.Raw.Count);
        Assert.Equal(codes.Order(), mails.Select(m => m.Subject!.Split("予約番号 ")[1].TrimEnd('）')).Order());
        await using var db = first.Database.Open();
        Assert.Equal(cards.Length, await db.Outbox.CountAsync(m => m.Status == MailStatus.Sent && m.Attempts == 1));
    }

    [SkippableFact]
    public async Task A_change_that_rolls_back_leaves_no_mail_and_one_that_commits_leaves_exactly_one()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Open();
        await PlaceSetup.SeedAsync(db, UedaPlaces.All);
        await ImportAsync(db);
        var notices = new NoticeSettings();
        var made = await new ConfirmBooking(db, _clock, new BookingSettings(), notices).RunAsync(
            new ConfirmRequest(null, 1, MarchFirstNine, [new CardProof(Taro, TaroBirth)], Phone, TaroEmail, "web"));
        Assert.True(made.Ok, made.Problem?.Detail);
        var booking = await db.Bookings.AsNoTracking().SingleAsync();

        // The cancel runs (and writes its mail) but the transaction is rolled back: neither stays.
        var cancelled = await db.InTransactionAsync(async () =>
            (false, await new CancelBooking(db, notices).RunAsync(booking, BookingTombstones.ByPhone, _clock.GetUtcNow(), [BookingStatus.Booked], default)));
        Assert.True(cancelled);
        Assert.Equal(1, await db.Bookings.CountAsync());
        Assert.Equal([MailKind.Confirmed], await db.Outbox.Select(m => m.Kind).ToListAsync());

        // A second booking of the same card is refused inside its transaction: no mail either.
        var again = await new ConfirmBooking(db, _clock, new BookingSettings(), notices).RunAsync(
            new ConfirmRequest(null, 1, MarchSecondTen, [new CardProof(Taro, TaroBirth)], Phone, TaroEmail, "web"));
        Assert.False(again.Ok);
        Assert.Equal(1, await db.Outbox.CountAsync());

        await db.InTransactionAsync(async () =>
            (true, await new CancelBooking(db, notices).RunAsync(booking, BookingTombstones.ByPhone, _clock.GetUtcNow(), [BookingStatus.Booked], default)));
        Assert.Equal([MailKind.Confirmed, MailKind.Cancelled], await db.Outbox.OrderBy(m => m.Id).Select(m => m.Kind).ToListAsync());
    }

    [SkippableFact]
    public async Task A_closure_tells_each_booking_with_an_address_then_its_move_and_the_cancel_from_the_call_list_each_write_their_mail()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            await PlaceSetup.SeedAsync(db, UedaPlaces.All);
            await ImportAsync(db);
            foreach (var (number, birth, email) in new[] { (Taro, TaroBirth, (string?)TaroEmail), (Hanako, HanakoBirth, HanakoEmail), (Jiro, JiroBirth, null) })
            {
                // All on Monday 3/1 at City Hall, in two slots (two seats each).
                var start = number == Jiro ? MarchFirstNine.AddMinutes(15) : MarchFirstNine;
                var made = await new ConfirmBooking(db, _clock, new BookingSettings(), new NoticeSettings()).RunAsync(
                    new ConfirmRequest(null, 1, start, [new CardProof(number, birth)], Phone, email, "web"));
                Assert.True(made.Ok, made.Problem?.Detail);
            }
        }

        var notices = new NoticeSettings();
        int closureId;
        await using (var db = database.Open())
        {
            var closed = await new CloseDay(db, _clock, notices, TestAudit.Trail(_clock)).AddAsync(new ClosureRequest("1", "2027-03-01", null, null, "庁舎の停電点検"));
            closureId = closed.Closure!.Id;
        }

        await using (var db = database.Open())
        {
            // Two closure mails: Jiro gave no address.
            Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == MailKind.PlaceClosed));
            var closure = await db.Outbox.FirstAsync(m => m.Kind == MailKind.PlaceClosed && m.To == TaroEmail);
            Assert.Contains("休みの理由：庁舎の停電点検", closure.TextBody, StringComparison.Ordinal);
            Assert.Contains("0268-22-4100", closure.TextBody, StringComparison.Ordinal);

            var taroId = await db.Bookings.Where(b => b.Email == TaroEmail).Select(b => b.Id).SingleAsync();
            var hanakoId = await db.Bookings.Where(b => b.Email == HanakoEmail).Select(b => b.Id).SingleAsync();
            Assert.NotNull(await new Madoguchi.Counter.Closures.ClosureCallList(db, _clock, TestAudit.Trail(_clock)).OpenAsync(closureId, null, Madoguchi.Counter.Closures.CallListUse.View));
            var marked = await new Madoguchi.Counter.Closures.MarkCall(db, _clock, notices, TestAudit.Trail(_clock))
                .RunAsync(new Madoguchi.Counter.Closures.CallMark(closureId, hanakoId, CallStatus.Cancelled, "本人の希望"), 1, null);
            Assert.Equal(Madoguchi.Counter.Closures.MarkStatus.Marked, marked.Status);
            var moved = await new Madoguchi.Counter.Closures.MoveClosureBookings(db, _clock, new BookingSettings(), notices, TestAudit.Trail(_clock))
                .RunAsync(new Madoguchi.Counter.Closures.MoveRequest(closureId, "2027-03-02", ""), 1, null);
            Assert.Equal(Madoguchi.Counter.Closures.MoveStatus.Moved, moved.Status);

            var cancelled = await db.Outbox.SingleAsync(m => m.Kind == MailKind.Cancelled);
            Assert.Equal(HanakoEmail, cancelled.To);
            Assert.Contains("交付場所が休みになったため", cancelled.TextBody, StringComparison.Ordinal);
            var changed = await db.Outbox.SingleAsync(m => m.Kind == MailKind.Changed);
            Assert.Equal((TaroEmail, taroId), (changed.To, changed.BookingId));
            Assert.Contains("変更後の日時：2027年3月2日（火）9:00〜9:15", changed.TextBody, StringComparison.Ordinal);
            Assert.Contains("DTSTART:20270302T000000Z", changed.Calendar, StringComparison.Ordinal);
            // Hanako's booking is deleted: her earlier mails (written, not yet sent here) wait to go and then lose the address.
            Assert.Equal(3, await db.Outbox.CountAsync(m => m.BookingId == hanakoId));
        }
    }

    [SkippableFact]
    public async Task A_citizen_who_cancels_online_is_told_it_was_at_their_request_and_the_confirmation_loses_the_address()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Open();
        await PlaceSetup.SeedAsync(db, UedaPlaces.All);
        await ImportAsync(db);
        // The city lets citizens cancel online (the minutes' default is by phone only).
        var booking = new BookingSettings { OnlineCancel = true };
        var notices = new NoticeSettings { OnlineCancel = true };
        var made = await new ConfirmBooking(db, _clock, booking, notices).RunAsync(
            new ConfirmRequest(null, 1, MarchFirstNine, [new CardProof(Taro, TaroBirth)], Phone, TaroEmail, "web"));
        Assert.Contains("取り消しは予約の確認ページ", (await db.Outbox.SingleAsync()).TextBody, StringComparison.Ordinal);
        // The confirmation went before the citizen cancelled.
        await db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MailStatus.Sent));

        var cancelled = await new LookUpBooking(db, _clock, booking, notices).CancelAsync(new BookingLookup(made.Value!.Code, Taro, TaroBirth));

        Assert.True(cancelled.Ok, cancelled.Problem?.Detail);
        var mails = await db.Outbox.OrderBy(m => m.Id).ToListAsync();
        Assert.Equal([(MailKind.Confirmed, null), (MailKind.Cancelled, TaroEmail)], mails.Select(m => (m.Kind, m.To)).ToList());
        Assert.Equal(("", ""), (mails[0].TextBody, mails[0].HtmlBody));
        Assert.Contains("お申し出により", mails[1].TextBody, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Reminders_written_by_two_processes_at_the_set_hour_are_one_mail_per_booking()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            await PlaceSetup.SeedAsync(db, UedaPlaces.All);
            await ImportAsync(db);
            // One slot each (City Hall has two seats a slot), all on Monday 3/1.
            var minutes = 0;
            foreach (var (number, birth, email) in new[] { (Taro, TaroBirth, (string?)TaroEmail), (Hanako, HanakoBirth, HanakoEmail), (Jiro, JiroBirth, null) })
            {
                var made = await new ConfirmBooking(db, _clock, new BookingSettings(), new NoticeSettings()).RunAsync(
                    new ConfirmRequest(null, 1, MarchFirstNine.AddMinutes(minutes += 15), [new CardProof(number, birth)], Phone, email, "web"));
                Assert.True(made.Ok, made.Problem?.Detail);
            }
        }

        async Task<int> RemindAsync()
        {
            await using var db = database.Open();
            return await new QueueReminders(db, _clock, new NoticeSettings()).RunAsync(new DateOnly(2027, 3, 1));
        }

        var written = await Task.WhenAll(RemindAsync(), RemindAsync(), RemindAsync());

        // Two bookings of 3/1 have an address (Jiro's has none): two reminders, whoever wrote them.
        Assert.Equal(2, written.Sum());
        Assert.Equal(0, await RemindAsync());
        await using var check = database.Open();
        Assert.Equal(2, await check.Outbox.CountAsync(m => m.Kind == MailKind.Reminder));
    }

    [SkippableFact]
    public async Task A_cancel_while_the_confirmation_waits_for_a_retry_sends_only_the_cancellation_and_erases_the_confirmation_at_once()
    {
        // The server is down when Taro books: his confirmation (with its .ics) waits one minute for its retry.
        await _smtp.StopAsync();
        var app = await StartAsync();
        var code = await BookAsync(app, MarchFirstNine, TaroEmail, (Taro, TaroBirth));
        var waiting = await EventuallyAsync(app, m => m.Attempts >= 1);
        Assert.Equal(MailStatus.Pending, waiting.Status);

        await using (var db = app.Database.Open())
        {
            var id = await db.Bookings.Where(b => b.Code == code).Select(b => b.Id).SingleAsync();
            var cancelled = await new CancelByPhone(db, _clock, new NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(id, "本人から電話", 1, _ => true);
            Assert.True(cancelled.Ok, cancelled.Problem?.Detail);
        }

        // Gone at once, not only after a send or the 30-day purge: address, text, .ics, and the code in the subject.
        await using (var db = app.Database.Open())
        {
            var confirmation = await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == waiting.Id);
            Assert.Equal((MailStatus.Superseded, null, "", "", null), (confirmation.Status, confirmation.To, confirmation.TextBody, confirmation.HtmlBody, confirmation.Calendar));
            Assert.DoesNotContain(code, confirmation.Subject, StringComparison.Ordinal);
        }

        await _smtp.StartAsync();
        // Past the confirmation's retry time: only the cancellation goes.
        _clock.Advance(TimeSpan.FromMinutes(2));
        var mails = await _smtp.WaitForAsync(1);
        await Task.Delay(500);
        Assert.Equal([$"【上田市】予約を取り消しました（予約番号 {code}）"], _smtp.Messages.Select(m => m.Subject).ToList());
        Assert.Equal(TaroEmail, mails.Single().To.Mailboxes.Single().Address);

        // Once sent, the cancellation keeps nothing either; the superseded confirmation offers no resend.
        await EventuallyAsync(app, async db => !await db.Outbox.AnyAsync(m => m.To != null || m.Subject.Contains(code)));
        await app.SignInAsync(StaffRole.Clerk);
        var page = await app.PageAsync(app.Office, "/office/mail");
        var line = page.QuerySelector($"tr[data-mail='{waiting.Id}']")!;
        Assert.Equal("superseded", line.GetAttribute("data-status"));
        Assert.Null(line.QuerySelector("form"));

        // The booking row is gone, so its place is unknown: a Maruko branch clerk may not open its mails (City Hall staff may).
        Assert.Equal(HttpStatusCode.OK, (await app.Office.GetAsync($"/office/mail/{waiting.Id}")).StatusCode);
        using var branch = app.NewOfficeClient();
        await app.SignInAsync(StaffRole.Clerk, branch, places: "maruko");
        using var refused = await branch.GetAsync($"/office/mail/{waiting.Id}");
        Assert.Equal((HttpStatusCode.Redirect, true), (refused.StatusCode, refused.Headers.Location!.OriginalString.Contains("/office/denied", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task A_booking_s_mails_arrive_in_the_order_written_even_when_the_first_waits_for_a_retry()
    {
        // The confirmation fails (server down) and waits a minute; the server is back when the change is
        // written, so the change alone would be due first and overtake it.
        await _smtp.StopAsync();
        var app = await StartAsync();
        var code = await BookAsync(app, MarchFirstNine, TaroEmail, (Taro, TaroBirth));
        await EventuallyAsync(app, m => m.Attempts >= 1);
        await _smtp.StartAsync();
        await using (var db = app.Database.Open())
        {
            var id = await db.Bookings.Where(b => b.Code == code).Select(b => b.Id).SingleAsync();
            var moved = await new ChangeBookingTime(db, _clock, new BookingSettings(), new NoticeSettings(), TestAudit.Trail(_clock)).RunAsync(id, 1, MarchFirstNine.AddHours(1), _ => true);
            Assert.True(moved.Ok, moved.Problem?.Detail);
        }

        // Many rounds of the worker (0.1 s apart): the change waits behind the confirmation.
        await Task.Delay(800);
        Assert.Empty(_smtp.Raw);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await _smtp.WaitForAsync(2);
        // Arrival order, not sorted.
        Assert.Equal(
            [$"【上田市】マイナンバーカード受け取りの予約を受け付けました（予約番号 {code}）", $"【上田市】予約の日時を変更しました（予約番号 {code}）"],
            _smtp.Messages.Select(m => m.Subject).ToList());
    }

    [SkippableFact]
    public async Task The_worker_reminds_from_the_set_hour_on_including_late_bookings_but_not_a_booking_met_by_a_closure()
    {
        // The city reminds at 16:00; bookings for the next day stay open until 17:00 (the cut-off), so a
        // booking made at 16:30 for tomorrow must be reminded too.
        var app = await StartAsync(extra: new() { ["Madoguchi:Mail:ReminderTime"] = "16:00" });
        var taro = await BookAsync(app, MarchSecondTen.AddHours(-1), TaroEmail, (Taro, TaroBirth));
        var hanako = await BookAsync(app, MarchSecondTen, HanakoEmail, (Hanako, HanakoBirth));
        await _smtp.WaitForAsync(2);
        // City Hall closes 10:00-11:00 on 3/2: Hanako's 10:00 booking is met (she is told so), Taro's 9:00 is not.
        await using (var db = app.Database.Open())
        {
            var closed = await new CloseDay(db, _clock, new NoticeSettings(), TestAudit.Trail(_clock)).AddAsync(new ClosureRequest("1", "2027-03-02", "10:00", "11:00", "点検"));
            Assert.Equal((ClosureStatus.Added, 1), (closed.Status, closed.Bookings));
        }

        await _smtp.WaitForAsync(3);

        // Monday 3/1 15:59: a minute before the hour, many worker rounds write no reminder.
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 6, 59, 0, TimeSpan.Zero));
        await Task.Delay(800);
        await using (var db = app.Database.Open())
        {
            Assert.False(await db.Outbox.AnyAsync(m => m.Kind == MailKind.Reminder));
        }

        // 16:00: Taro is reminded.
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 7, 0, 0, TimeSpan.Zero));
        var reminded = await _smtp.WaitForAsync(4);
        Assert.Equal((TaroEmail, $"【上田市】明日はマイナンバーカードの受け取りの日です（予約番号 {taro}）"), (reminded[3].To.Mailboxes.Single().Address, reminded[3].Subject));

        // 16:30: Jiro books 3/2 9:00 (the seat next to Taro's) with an address; a later round reminds him too.
        _clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 7, 30, 0, TimeSpan.Zero));
        var jiro = await BookAsync(app, MarchSecondTen.AddHours(-1), "jiro.mail-test@example.jp", (Jiro, JiroBirth));
        var all = await _smtp.WaitForAsync(6);
        Assert.Equal(
            [$"【上田市】マイナンバーカード受け取りの予約を受け付けました（予約番号 {jiro}）", $"【上田市】明日はマイナンバーカードの受け取りの日です（予約番号 {jiro}）"],
            all.Skip(4).Select(m => m.Subject).ToList());

        // Many rounds later, still nothing for Hanako: her place is closed at her time.
        await Task.Delay(800);
        Assert.Equal(6, _smtp.Raw.Count);
        Assert.DoesNotContain(_smtp.Messages, m => m.Subject!.Contains("明日", StringComparison.Ordinal) && m.Subject.Contains(hanako, StringComparison.Ordinal));
    }

    private async Task<MadoguchiApp> StartAsync(int maxAttempts = 10, Dictionary<string, string?>? extra = null)
    {
        var settings = _smtp.AppSettings(maxAttempts);
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        _app = await MadoguchiApp.StartAsync(provider, clock: _clock, settings: settings);
        await _app.ImportCardsAsync(_clock, (Taro, TaroBirth), (Hanako, HanakoBirth), (Jiro, JiroBirth));
        return _app;
    }

    private async Task ImportAsync(MadoguchiDb db)
    {
        var csv = "管理番号,氏名,生年月日,性別,住所\r\n"
            + $"{Taro},試験　太郎,{TaroBirth},男,長野県上田市大手一丁目1番\r\n"
            + $"{Hanako},試験　花子,{HanakoBirth},女,長野県上田市大手一丁目1番\r\n"
            + $"{Jiro},試験　次郎,{JiroBirth},男,長野県上田市大手一丁目1番\r\n";
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        await new Madoguchi.Ledger.ImportLedgerFile(db, _clock, TestAudit.Trail(_clock)).RunAsync(file, "cards.csv", new Madoguchi.Ledger.LedgerImportOptions("test"));
    }

    /// <summary>Waits (at most 20 s of real time) until the database is as expected.</summary>
    private static Task<string> BookAsync(MadoguchiApp app, DateTimeOffset start, string? email, params (string Number, string Birth)[] cards) =>
        app.BookAsync(1, start, Phone, email, cards);

    private static async Task EventuallyAsync(MadoguchiApp app, Func<MadoguchiDb, Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            await using var db = app.Database.Open();
            if (await condition(db))
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the database never reached the expected state");
    }

    /// <summary>Waits (at most 20 s of real time) until the outbox's one mail is as expected.</summary>
    private static async Task<OutboxMail> EventuallyAsync(MadoguchiApp app, Func<OutboxMail, bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        OutboxMail? mail = null;
        while (DateTime.UtcNow < until)
        {
            await using var db = app.Database.Open();
            mail = await db.Outbox.AsNoTracking().SingleOrDefaultAsync();
            if (mail is not null && condition(mail))
            {
                return mail;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"the outbox mail never reached the expected state; it is {mail?.Status} after {mail?.Attempts} attempts ({mail?.LastError})");
        return null!;
    }

    private static string Decode(MimePart part)
    {
        using var text = new MemoryStream();
        part.Content!.DecodeTo(text);
        return Encoding.UTF8.GetString(text.ToArray());
    }

}

public sealed class MailNoticesOnSqlite() : MailNoticeTests(DatabaseProvider.Sqlite);

public sealed class MailNoticesOnPostgres() : MailNoticeTests(DatabaseProvider.Postgres);
