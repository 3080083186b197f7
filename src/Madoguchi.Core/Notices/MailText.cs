using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

using Madoguchi.Booking.Formats;

namespace Madoguchi.Notices;

/// <summary>What a mail may say about a booking: what the booking itself holds, nothing from the ledger.</summary>
public sealed record MailBooking(string Code, string PlaceName, string PlaceNameEnglish, string PlaceAddress, DateTimeOffset Start, DateTimeOffset End, int People);

/// <summary>Who cancelled, in the words the cancellation mail uses.</summary>
public enum CancelledBy
{
    Citizen,
    Staff,
    Closure,
}

/// <param name="Previous">For a change: the booking as it was.</param>
/// <param name="ClosureReason">For a closure: the reason staff typed.</param>
public sealed record MailEvent(MailKind Kind, MailBooking Booking, MailBooking? Previous = null, CancelledBy? CancelledBy = null, string? ClosureReason = null);

/// <summary>A mail as the citizen will read it: subject, plain text, HTML, and an .ics when it carries one.</summary>
public sealed record RenderedMail(string Subject, string Text, string Html, string? Calendar)
{
    /// <summary>The part of <see cref="Html"/> between its body tags, for showing inside an office page.</summary>
    public static string BodyOf(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var start = html.IndexOf("<body>", StringComparison.Ordinal);
        var end = html.LastIndexOf("</body>", StringComparison.Ordinal);
        return start < 0 || end < start ? "" : html[(start + "<body>".Length)..end];
    }
}

/// <summary>
/// Writes each mail to a citizen: Japanese first, English below, as plain text and as HTML (every
/// value HTML-encoded; no style or script, so the office can show it under its strict CSP), with
/// the city's name and contact in each. Only the booking's code, place, time and number of people
/// appear: never a phone number, card number or anything from the ledger.
/// </summary>
public static class MailText
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static RenderedMail Render(MailEvent e, NoticeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(settings);
        var b = e.Booking;
        var mail = new Writer();
        string subject;
        switch (e.Kind)
        {
            case MailKind.Confirmed:
                subject = $"【{settings.CityName}】マイナンバーカード受け取りの予約を受け付けました（予約番号 {b.Code}）";
                mail.Paragraph("マイナンバーカードの受け取りの予約を受け付けました。当日は次の持ち物をお持ちのうえ、ご本人がお越しください。");
                mail.Details(Details(b));
                Bring(mail);
                HowToChange(mail, settings);
                mail.Paragraph("カレンダーに登録するためのファイル（.ics）を添付しています。");
                mail.English($"Your booking to collect your My Number card is confirmed: {EnglishDetails(b)} Bring the notice postcard and an ID. The calendar file (.ics) is attached.");
                break;
            case MailKind.Changed:
                subject = $"【{settings.CityName}】予約の日時を変更しました（予約番号 {b.Code}）";
                mail.Paragraph("マイナンバーカードの受け取りの予約を、次のとおり変更しました。");
                var after = Details(b, "変更後の");
                mail.Details([after[0], ("変更前の日時", Time(e.Previous!)), ("変更前の場所", e.Previous!.PlaceName), .. after[1..]]);
                Bring(mail);
                HowToChange(mail, settings);
                mail.Paragraph("新しい日時のカレンダー用ファイル（.ics）を添付しています。");
                mail.English($"Your booking has been changed. New time: {EnglishDetails(b)} Before: {EnglishTime(e.Previous!)}. The new calendar file (.ics) is attached.");
                break;
            case MailKind.Cancelled:
                subject = $"【{settings.CityName}】予約を取り消しました（予約番号 {b.Code}）";
                mail.Paragraph(e.CancelledBy switch
                {
                    CancelledBy.Citizen => "お申し出により、マイナンバーカードの受け取りの予約を取り消しました。",
                    CancelledBy.Closure => "交付場所が休みになったため、市役所でマイナンバーカードの受け取りの予約を取り消しました。",
                    _ => "お電話でのお申し出により、市役所でマイナンバーカードの受け取りの予約を取り消しました。",
                });
                mail.Details(Details(b));
                mail.Paragraph("カードは引き続きお受け取りいただけます。改めて予約するときは、交付通知書（はがき）の番号と生年月日で予約ページから予約してください。");
                BookAgain(mail, settings);
                mail.Paragraph($"取り消しに心当たりがないときは、{settings.ContactName}（{settings.ContactPhone}、{settings.ContactHours}）にお電話ください。");
                mail.English($"Your booking has been cancelled: {EnglishDetails(b)} Your card is still waiting for you; you may book again with the number on your postcard and your date of birth.");
                break;
            case MailKind.Reminder:
                subject = $"【{settings.CityName}】明日はマイナンバーカードの受け取りの日です（予約番号 {b.Code}）";
                mail.Paragraph("明日、マイナンバーカードの受け取りの予約があります。お気をつけてお越しください。");
                mail.Details(Details(b));
                Bring(mail);
                HowToChange(mail, settings);
                mail.English($"Reminder: you are booked tomorrow to collect your My Number card: {EnglishDetails(b)} Bring the notice postcard and an ID.");
                break;
            case MailKind.PlaceClosed:
                subject = $"【{settings.CityName}】ご予約の日時に交付場所が休みになります（予約番号 {b.Code}）";
                mail.Paragraph("申し訳ありません。ご予約の日時に、交付場所が次の理由で休みになります。このままではその日時にカードをお受け取りいただけません。");
                mail.Details([.. Details(b), ("休みの理由", e.ClosureReason ?? "")]);
                mail.Paragraph("これからのこと：");
                mail.List(
                [
                    $"市の担当者から、ご予約のときの電話番号にお電話し、別の日時をご案内します。",
                    $"お急ぎのときや、ご希望の日時があるときは、{settings.ContactName}（{settings.ContactPhone}、{settings.ContactHours}）にお電話ください。日時を変更します。",
                    settings.OnlineCancel
                        ? "予約を取り消して、予約ページから別の日時で予約し直すこともできます（取り消しは予約の確認ページか、お電話で）。"
                        : "予約を取り消して、予約ページから別の日時で予約し直すこともできます（取り消しはお電話でお申し出ください）。",
                ]);
                BookAgain(mail, settings);
                mail.English($"Sorry: the place will be closed at the time of your booking ({EnglishDetails(b).TrimEnd('.')}). The city will call you to offer another time; you may also call {settings.ContactPhone} to change it.");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.Kind, "No mail is written for this kind.");
        }

        mail.Footer(settings);
        var calendar = e.Kind is MailKind.Confirmed or MailKind.Changed ? CalendarFile(b, settings) : null;
        return new RenderedMail(subject, mail.Text(), mail.Html(subject), calendar);
    }

    /// <summary>The .ics attached to a confirmation or change; one UID per booking, so a calendar replaces the old time.</summary>
    public static string CalendarFile(MailBooking b, NoticeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(settings);
        return BookingCalendarFile.Write(new CalendarEvent(
            $"{b.Code}@madoguchi",
            b.Start,
            b.End,
            $"マイナンバーカードの受け取り（{b.PlaceName}）",
            $"{b.PlaceName} {b.PlaceAddress}",
            $"予約番号 {b.Code}。交付通知書（はがき）と本人確認書類をお持ちください。変更・取り消しは {settings.ContactName}（{settings.ContactPhone}）へ。",
            b.Start));
    }

    /// <summary>Sample mails of each kind, as the office's preview shows them.</summary>
    public static IReadOnlyList<(MailKind Kind, RenderedMail Mail)> Samples(NoticeSettings settings, DateTimeOffset now)
    {
        var day = now.ToCityTime().Date.AddDays(7);
        var start = new DateTimeOffset(day.AddHours(10), TimeSpan.FromHours(9));
        var sample = new MailBooking("K7M-4QX2", "本庁舎 市民課", "City Hall", "上田市大手一丁目11番16号", start, start.AddMinutes(15), 2);
        var before = sample with { Start = start.AddDays(-3), End = start.AddDays(-3).AddMinutes(15) };
        return
        [
            (MailKind.Confirmed, Render(new MailEvent(MailKind.Confirmed, sample), settings)),
            (MailKind.Changed, Render(new MailEvent(MailKind.Changed, sample, before), settings)),
            (MailKind.Cancelled, Render(new MailEvent(MailKind.Cancelled, sample, CancelledBy: CancelledBy.Staff), settings)),
            (MailKind.Reminder, Render(new MailEvent(MailKind.Reminder, sample), settings)),
            (MailKind.PlaceClosed, Render(new MailEvent(MailKind.PlaceClosed, sample, ClosureReason: "庁舎の停電点検のため"), settings)),
        ];
    }

    public static string KindJapanese(MailKind kind) => kind switch
    {
        MailKind.Confirmed => "予約の受付",
        MailKind.Changed => "日時の変更",
        MailKind.Cancelled => "取り消し",
        MailKind.Reminder => "前日のお知らせ",
        MailKind.PlaceClosed => "交付場所の休み",
        _ => kind.ToString(),
    };

    private static List<(string Label, string Value)> Details(MailBooking b, string prefix = "") =>
    [
        ("予約番号", b.Code),
        ($"{prefix}日時", Time(b)),
        ($"{prefix}場所", b.PlaceName),
        ("住所", b.PlaceAddress),
        ("人数", $"{b.People}人"),
    ];

    private static void Bring(Writer mail)
    {
        mail.Paragraph("お持ちいただくもの：");
        mail.List(
        [
            "交付通知書（はがき）",
            "本人確認書類（運転免許証・パスポートなど顔写真付きのものは1点、健康保険証などは2点）",
            "通知カード、住民基本台帳カード（お持ちの方のみ）",
        ]);
    }

    private static void HowToChange(Writer mail, NoticeSettings settings)
    {
        mail.Paragraph(settings.OnlineCancel
            ? $"日時の変更は {settings.ContactName}（{settings.ContactPhone}、{settings.ContactHours}）にお電話ください。取り消しは予約の確認ページ（予約番号と、交付通知書の番号・生年月日）からもできます。"
            : $"日時の変更や取り消しは {settings.ContactName}（{settings.ContactPhone}、{settings.ContactHours}）にお電話ください。");
    }

    private static void BookAgain(Writer mail, NoticeSettings settings)
    {
        if (settings.BookingUrl is { } url)
        {
            mail.Link("予約ページ", new Uri(url, "book").ToString());
        }
    }

    private static string Time(MailBooking b)
    {
        var start = b.Start.ToCityTime();
        var end = b.End.ToCityTime();
        return $"{start:yyyy年M月d日}（{"日月火水木金土"[(int)start.DayOfWeek]}）{start:H:mm}〜{end:H:mm}";
    }

    private static string EnglishTime(MailBooking b)
    {
        var start = b.Start.ToCityTime();
        return $"{start.ToString("dddd d MMMM yyyy, H:mm", English)}–{b.End.ToCityTime():H:mm}";
    }

    private static string EnglishDetails(MailBooking b) =>
        $"booking code {b.Code}, {EnglishTime(b)} (Japan time), {b.PlaceNameEnglish} ({b.PlaceAddress}), {b.People} {(b.People == 1 ? "person" : "people")}.";

    /// <summary>Builds the text and the HTML of one mail side by side, so that both say the same.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text = new();
        private readonly StringBuilder _html = new();
        private readonly StringBuilder _english = new();

        public void Paragraph(string text)
        {
            _text.Append(text).Append("\r\n\r\n");
            _html.Append("<p>").Append(Encoder.Encode(text)).Append("</p>\r\n");
        }

        public void Details(IEnumerable<(string Label, string Value)> rows)
        {
            _html.Append("<table>\r\n");
            foreach (var (label, value) in rows)
            {
                _text.Append("  ").Append(label).Append("：").Append(value).Append("\r\n");
                _html.Append("<tr><th scope=\"row\">").Append(Encoder.Encode(label)).Append("</th><td>").Append(Encoder.Encode(value)).Append("</td></tr>\r\n");
            }

            _text.Append("\r\n");
            _html.Append("</table>\r\n");
        }

        public void List(IEnumerable<string> items)
        {
            _html.Append("<ul>\r\n");
            foreach (var item in items)
            {
                _text.Append("  ・").Append(item).Append("\r\n");
                _html.Append("<li>").Append(Encoder.Encode(item)).Append("</li>\r\n");
            }

            _text.Append("\r\n");
            _html.Append("</ul>\r\n");
        }

        public void Link(string label, string url)
        {
            _text.Append(label).Append("：").Append(url).Append("\r\n\r\n");
            _html.Append("<p><a href=\"").Append(Encoder.Encode(url)).Append("\">").Append(Encoder.Encode(label)).Append("</a></p>\r\n");
        }

        public void English(string text) => _english.Append(text);

        public void Footer(NoticeSettings settings)
        {
            var contact = $"{settings.ContactName} 電話 {settings.ContactPhone}（{settings.ContactHours}）";
            const string SendOnly = "このメールは送信専用です。返信されてもお答えできません。";
            const string NotYou = "このメールに心当たりがない方は、お手数ですが上の電話番号までお知らせください。";
            var english = $"This mail is sent by {settings.CityNameEnglish} ({settings.ContactPhone}); replies are not read.";
            _text.Append("----- English -----\r\n").Append(_english).Append("\r\n\r\n")
                .Append("--\r\n").Append(settings.CityName).Append("\r\n").Append(contact).Append("\r\n")
                .Append(SendOnly).Append("\r\n").Append(NotYou).Append("\r\n").Append(english).Append("\r\n");
            _html.Append("<hr>\r\n<p lang=\"en\">").Append(Encoder.Encode(_english.ToString())).Append("</p>\r\n<hr>\r\n<p>")
                .Append(Encoder.Encode(settings.CityName)).Append("<br>\r\n").Append(Encoder.Encode(contact)).Append("<br>\r\n")
                .Append(Encoder.Encode(SendOnly)).Append("<br>\r\n").Append(Encoder.Encode(NotYou)).Append("</p>\r\n<p lang=\"en\">")
                .Append(Encoder.Encode(english)).Append("</p>\r\n");
        }

        public string Text() => _text.ToString();

        public string Html(string title) =>
            $"<!DOCTYPE html>\r\n<html lang=\"ja\">\r\n<head>\r\n<meta charset=\"utf-8\">\r\n<title>{Encoder.Encode(title)}</title>\r\n</head>\r\n<body>{_html}</body>\r\n</html>\r\n";
    }
}
