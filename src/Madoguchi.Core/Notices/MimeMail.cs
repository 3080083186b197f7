using System.Text;

using MimeKit;
using MimeKit.Text;

namespace Madoguchi.Notices;

/// <summary>
/// An outbox mail as it goes on the wire: From, To, the subject (RFC 2047-encoded, UTF-8), Date,
/// the mail's fixed Message-ID, a plain-text and an HTML part, and the .ics when it has one.
/// </summary>
public static class MimeMail
{
    public static MimeMessage Build(OutboxMail mail, MailSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(settings);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(Encoding.UTF8, settings.FromName, settings.From));
        message.To.Add(MailboxAddress.Parse(mail.To ?? throw new InvalidOperationException("The mail's address was erased.")));
        message.Subject = mail.Subject;
        message.Date = now;
        message.MessageId = mail.MessageId;
        var body = new MultipartAlternative
        {
            new TextPart(TextFormat.Plain) { Text = mail.TextBody, ContentTransferEncoding = ContentEncoding.Base64 },
            new TextPart(TextFormat.Html) { Text = mail.HtmlBody, ContentTransferEncoding = ContentEncoding.Base64 },
        };
        foreach (var part in body.OfType<TextPart>())
        {
            part.ContentType.Charset = "utf-8";
        }

        if (mail.Calendar is null)
        {
            message.Body = body;
            return message;
        }

        var calendar = new MimePart("text", "calendar")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(mail.Calendar))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "madoguchi.ics",
        };
        calendar.ContentType.Charset = "utf-8";
        calendar.ContentType.Parameters.Add("method", "PUBLISH");
        message.Body = new Multipart("mixed") { body, calendar };
        return message;
    }
}
