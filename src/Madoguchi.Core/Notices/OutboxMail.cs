namespace Madoguchi.Notices;

/// <summary>
/// One mail to a citizen, written in the same transaction as the change that causes it and sent
/// later by the outbox worker (docs/decisions/0012-mail-outbox.md).
/// </summary>
public sealed class OutboxMail
{
    public long Id { get; set; }

    /// <summary>What caused the mail, unique, so one event never yields two mails (e.g. "booking:42:confirmed").</summary>
    public required string EventKey { get; set; }

    public MailKind Kind { get; set; }

    /// <summary>The booking the mail is about; kept after the booking is cancelled and deleted, for the office's outbox view.</summary>
    public long? BookingId { get; set; }

    /// <summary>The citizen's address; emptied by the retention purge with the booking's contacts.</summary>
    public string? To { get; set; }

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public required string HtmlBody { get; set; }

    /// <summary>An iCalendar attachment (text/calendar), when the mail carries one.</summary>
    public string? Calendar { get; set; }

    /// <summary>The Message-ID every attempt uses, so a receiver can drop a copy sent twice after a crash.</summary>
    public required string MessageId { get; set; }

    public MailStatus Status { get; set; } = MailStatus.Pending;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>A worker's claim: until this instant no other worker may send the mail.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    public string? ClaimedBy { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The mail server's last answer, for staff; never the mail's content.</summary>
    public string? LastError { get; set; }
}

public enum MailKind
{
    Confirmed = 1,
    Changed = 2,
    Cancelled = 3,
    Reminder = 4,
    PlaceClosed = 5,
}

public enum MailStatus
{
    Pending = 1,
    Sent = 2,

    /// <summary>Gave up after the last retry; shown to staff, who may resend.</summary>
    Failed = 3,

    /// <summary>
    /// Never sent, and never will be: its booking was cancelled, or a newer mail of the same booking
    /// replaced it (a newer change, say), before it went. Its address and text are erased at once.
    /// </summary>
    Superseded = 4,
}
