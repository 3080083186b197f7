namespace Madoguchi;

/// <summary>
/// Why a step was refused, in every feature (booking, phone, counter): a stable code for programs
/// and tests, the HTTP status a page or the API answers with, and for people a Japanese title and a
/// detail that says what to do next. Pages show it with one partial (<c>Shared/_Problem</c>), the
/// API as problem+json with the same code. <see cref="Field"/> names the input it is about.
/// </summary>
public sealed record Problem(string Code, int Status, string Title, string Detail, string? Field = null)
{
    /// <summary>The English line under the Japanese, where the general one per code (<see cref="ProblemEnglish"/>) is not enough.</summary>
    public string? English { get; init; }

    /// <summary>The booking the refusal is about (a card booked on another day), for a link to it.</summary>
    public long? BookingId { get; init; }
}
