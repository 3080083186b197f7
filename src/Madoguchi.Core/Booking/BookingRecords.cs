using Madoguchi.Ledger;

namespace Madoguchi.Booking;

/// <summary>
/// A view over the ledger for the office side: the number, the keyed digest of the date of birth
/// (<see cref="CardSecret"/>), the status and arrival. On PostgreSQL the public role may not read it:
/// it asks <c>check_card</c>, which answers only the status (ADR 0025).
/// </summary>
public sealed class CardKey
{
    public required string ManagementNumber { get; set; }

    public required string BirthDigest { get; set; }

    public CardStatus Status { get; set; }

    public DateOnly ArrivedOn { get; set; }
}

/// <summary>Seats of one place at one time (予約枠). A seat is taken only by a conditional update of <see cref="Taken"/>.</summary>
public sealed class Slot
{
    public long Id { get; set; }

    public int PlaceId { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public int Capacity { get; set; }

    /// <summary>Seats held (仮押さえ) or booked.</summary>
    public int Taken { get; set; }
}

/// <summary>Seats kept for a few minutes while the citizen types a phone number (仮押さえ).</summary>
public sealed class Hold
{
    public Guid Id { get; set; }

    public long SlotId { get; set; }

    public int Seats { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public List<HoldCard> Cards { get; set; } = [];
}

public sealed class HoldCard
{
    public long Id { get; set; }

    public Guid HoldId { get; set; }

    public required string ManagementNumber { get; set; }

    /// <summary>
    /// The slot this member sits in when the family is held on consecutive times (ADR 0020); null
    /// when the whole family sits in the hold's slot.
    /// </summary>
    public long? SlotId { get; set; }
}

/// <summary>A booked pick-up time (予約) for one to five cards of one family.</summary>
public sealed class PickupBooking
{
    public long Id { get; set; }

    public required string Code { get; set; }

    public long SlotId { get; set; }

    public int PlaceId { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public int People { get; set; }

    public required string Phone { get; set; }

    public string? Email { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The hold it was made from, so a second confirm of the same hold finds this booking.</summary>
    public Guid? HoldId { get; set; }

    public required string Channel { get; set; }

    public BookingStatus Status { get; set; } = BookingStatus.Booked;

    /// <summary>When the citizen arrived at the counter (来庁).</summary>
    public DateTimeOffset? CheckedInAt { get; set; }

    /// <summary>The counter (窓口) number that served the booking, from 1.</summary>
    public int? Counter { get; set; }

    public List<BookedCard> Cards { get; set; } = [];
}

public enum BookingStatus
{
    Booked = 1,
    CheckedIn = 2,
    Issued = 3,
    NoShow = 4,
}

/// <summary>
/// What is left of a cancelled booking: no code, phone, e-mail or card, only what statistics need.
/// </summary>
public sealed class BookingTombstone
{
    public long Id { get; set; }

    public int PlaceId { get; set; }

    public DateTimeOffset Start { get; set; }

    public int People { get; set; }

    public DateTimeOffset BookedAt { get; set; }

    public DateTimeOffset CancelledAt { get; set; }

    /// <summary>citizen (online), phone (by staff), closure (the place closed).</summary>
    public required string CancelledBy { get; set; }

    public required string Channel { get; set; }
}

/// <summary>One card handed over at a counter (交付): who, when, where; corrected with a reason, never deleted.</summary>
public sealed class CardIssue
{
    public long Id { get; set; }

    public required string ManagementNumber { get; set; }

    public long? BookingId { get; set; }

    public int PlaceId { get; set; }

    public int Counter { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public int IssuedBy { get; set; }

    public DateTimeOffset? CorrectedAt { get; set; }

    public int? CorrectedBy { get; set; }

    public string? CorrectionReason { get; set; }
}

/// <summary>A call made because a place closed (R4): one row per affected booking, worked through by staff.</summary>
public sealed class ClosureCall
{
    public long Id { get; set; }

    public int ClosedDayId { get; set; }

    public long BookingId { get; set; }

    public CallStatus Status { get; set; }

    public string? Note { get; set; }

    public int? StaffId { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }
}

public enum CallStatus
{
    NotCalled = 0,
    Called = 1,
    Reached = 2,
    Moved = 3,
    Cancelled = 4,
}

public sealed class BookedCard
{
    public long Id { get; set; }

    public long BookingId { get; set; }

    public required string ManagementNumber { get; set; }

    /// <summary>One active booking per card: a unique index over the active rows.</summary>
    public bool Active { get; set; } = true;

    /// <summary>
    /// The slot of this member when the family was booked on consecutive times (ADR 0020); null when
    /// the member comes at the booking's time.
    /// </summary>
    public long? SlotId { get; set; }
}

/// <summary>Wrong dates of birth typed for one card number; after five the number is locked for a while.</summary>
public sealed class CardAttempt
{
    public required string ManagementNumber { get; set; }

    public int Failures { get; set; }

    public DateTimeOffset LastFailureAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>Requests from one client address in one minute, shared by every web process.</summary>
public sealed class ClientCount
{
    public required string Client { get; set; }

    public long Minute { get; set; }

    public int Count { get; set; }
}

/// <summary>The first answer to a request sent with an Idempotency-Key, returned again to its retries.</summary>
public sealed class IdempotentAnswer
{
    public required string Key { get; set; }

    /// <summary>SHA-256 of the request's method, path and body: a key reused for another request is refused.</summary>
    public string RequestHash { get; set; } = "";

    public int Status { get; set; }

    public string? Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
