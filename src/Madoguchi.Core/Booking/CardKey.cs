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
