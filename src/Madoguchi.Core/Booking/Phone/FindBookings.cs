using Madoguchi.Audit;
using Madoguchi.Booking.Formats;
using Madoguchi.Calendar;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;

namespace Madoguchi.Booking.Phone;

/// <summary>What the clerk on the phone typed: a booking code, a postcard number, part of a name with the date of birth, or the booking's phone number.</summary>
public sealed record BookingSearch(string? Code, string? ManagementNumber, string? Name, string? BirthDate, string? Phone = null)
{
    public bool IsEmpty => new[] { Code, ManagementNumber, Name, BirthDate, Phone }.All(string.IsNullOrWhiteSpace);
}

/// <summary>A booked card with what the ledger says of it; null fields when the ledger no longer has the number.</summary>
public sealed record BookedPerson(string ManagementNumber, long? EntryId, string? Name, DateOnly? BirthDate, CardStatus? Status);

/// <summary>A booking as staff see it in the office zone, phone and e-mail in full.</summary>
public sealed record FoundBooking(
    long Id,
    string Code,
    Place Place,
    DateTimeOffset Start,
    DateTimeOffset End,
    int People,
    string Phone,
    string? Email,
    BookingStatus Status,
    string Channel,
    DateTimeOffset BookedAt,
    IReadOnlyList<BookedPerson> Cards)
{
    public string StatusText => BookingStatusWords.Japanese(Status);

    public string ChannelText => Channel switch
    {
        "web" => "インターネット",
        "api" => "アプリ",
        "phone" => "電話（職員が代理）",
        _ => Channel,
    };

    /// <summary>Only a booking still waiting for its day may be moved or cancelled by phone.</summary>
    public bool Changeable => Status == BookingStatus.Booked;
}

public sealed record BookingSearchResult(IReadOnlyList<FoundBooking> Bookings, bool Searched, bool More, IReadOnlyDictionary<string, string> Errors);

/// <summary>
/// Finds bookings for staff on the phone. Criteria given together must all match. A name alone is
/// refused: with the date of birth beside it, two people of the same name are not mixed up.
/// Bookings at places the clerk may not work at are left out. The bookings and ledger entries shown
/// or saved are written to the audit log, never the code, number, name, date of birth or phone typed.
/// </summary>
public sealed class FindBookings(MadoguchiDb db, AuditTrail audit)
{
    public const int Limit = 50;

    public const string CodeError = "予約番号は 3C7K-9HQA のような8文字（英数字）です。市民の方に1文字ずつ読み上げてもらい、もう一度入力してください。";

    public const string PhoneError = "電話番号は 090-1234-5678 や 0268-22-4100 のように、市外局番から入力してください（全角・ハイフンなし・+81 でも探せます）。";

    /// <summary>The search the page shows (<c>booking.search</c>); a wrong query is refused and recorded so.</summary>
    public async Task<BookingSearchResult> RunAsync(BookingSearch search, Func<string, bool> mayWorkAt, CancellationToken cancellationToken = default)
    {
        var result = await SearchAsync(search, mayWorkAt, cancellationToken);
        await audit.RecordAsync(db, "booking.search", Records(result.Bookings), result.Errors.Count > 0 ? AuditOutcome.Refused : AuditOutcome.Ok, cancellationToken);
        return result;
    }

    /// <summary>The same bookings for Excel (<c>csv</c> or <c>xlsx</c>); an empty or wrong query is refused and recorded so.</summary>
    public async Task<BookingSearchResult> ExportAsync(BookingSearch search, string format, Func<string, bool> mayWorkAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var result = search.IsEmpty ? new BookingSearchResult([], false, false, new Dictionary<string, string>()) : await SearchAsync(search, mayWorkAt, cancellationToken);
        var refused = !result.Searched || result.Errors.Count > 0;
        await audit.RecordAsync(db, $"export.booking.search.{format}", refused ? null : Records(result.Bookings), refused ? AuditOutcome.Refused : AuditOutcome.Ok, cancellationToken);
        return result;
    }

    /// <summary>
    /// One booking as staff on the phone see it (<c>booking.view</c>), or null when there is none (it
    /// may have been cancelled); one at a place the staff member does not work at is refused, and
    /// recorded so, showing nothing.
    /// </summary>
    public async Task<Outcome<FoundBooking?>> OpenAsync(long id, Func<string, bool> mayWorkAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mayWorkAt);
        var booking = await OneAsync(id, cancellationToken);
        if (booking is null)
        {
            return (FoundBooking?)null;
        }

        if (!mayWorkAt(booking.Place.Code))
        {
            await audit.RecordAsync(db, "booking.view", [$"booking:{id}"], AuditOutcome.Refused, cancellationToken);
            return PhoneProblems.OtherPlace(booking.Place.Name);
        }

        await audit.RecordAsync(db, "booking.view", Records([booking]), cancellationToken: cancellationToken);
        return booking;
    }

    /// <summary>The bookings and the ledger entries of their cards, by id.</summary>
    private static List<string> Records(IEnumerable<FoundBooking> bookings)
    {
        var shown = bookings.ToList();
        return [.. shown.Select(b => $"booking:{b.Id}"), .. shown.SelectMany(b => b.Cards).Select(c => c.EntryId).OfType<long>().Distinct().Select(e => $"ledger:{e}")];
    }

    private async Task<BookingSearchResult> SearchAsync(BookingSearch search, Func<string, bool> mayWorkAt, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var any = false;
        IQueryable<PickupBooking> bookings = db.Bookings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search.Code))
        {
            any = true;
            if (BookingCode.TryNormalize(search.Code, out var code))
            {
                bookings = bookings.Where(b => b.Code == code);
            }
            else if (PhoneNumber.TryNormalize(search.Code, out var typedPhone))
            {
                // A phone number typed into the code field: what the caller had at hand.
                bookings = bookings.Where(b => b.Phone == typedPhone);
            }
            else
            {
                errors["code"] = CodeError;
            }
        }

        if (!string.IsNullOrWhiteSpace(search.ManagementNumber))
        {
            any = true;
            if (ManagementNumber.TryNormalize(search.ManagementNumber, out var number))
            {
                bookings = bookings.Where(b => b.Cards.Any(c => c.ManagementNumber == number));
            }
            else
            {
                errors["number"] = ManagementNumber.FormatError;
            }
        }

        if (!string.IsNullOrWhiteSpace(search.Phone))
        {
            any = true;
            // Bookings keep the phone as PhoneNumber normalises it, so every way of writing it finds the
            // same rows through the index on the column.
            if (PhoneNumber.TryNormalize(search.Phone, out var phone))
            {
                bookings = bookings.Where(b => b.Phone == phone);
            }
            else
            {
                errors["phone"] = PhoneError;
            }
        }

        var hasName = !string.IsNullOrWhiteSpace(search.Name);
        var hasBirth = !string.IsNullOrWhiteSpace(search.BirthDate);
        if (hasName || hasBirth)
        {
            any = true;
            if (!hasName)
            {
                errors["name"] = "生年月日で探すときは、氏名（一部でも可）も入力してください。";
            }

            DateOnly birth = default;
            if (!hasBirth)
            {
                errors["birth"] = "氏名で探すときは、同じ名前の方と取り違えないよう生年月日も入力してください。";
            }
            else if (!JapaneseDate.TryParse(search.BirthDate, out birth, out var error))
            {
                errors["birth"] = "生年月日: " + error;
            }

            if (hasName && !errors.ContainsKey("birth"))
            {
                var part = LedgerRowReader.NormalName(search.Name!).Replace("\u3000", "", StringComparison.Ordinal);
                var numbers = db.LedgerEntries.Where(e => e.BirthDate == birth && e.Name.Replace("\u3000", "").Contains(part)).Select(e => e.ManagementNumber);
                bookings = bookings.Where(b => b.Cards.Any(c => numbers.Contains(c.ManagementNumber)));
            }
        }

        if (!any)
        {
            errors["code"] = "予約番号、交付通知書の番号（管理番号）、氏名と生年月日、または電話番号のどれかを入力してください。";
        }

        if (errors.Count > 0)
        {
            return new BookingSearchResult([], false, false, errors);
        }

        var places = (await db.Places.AsNoTracking().Select(p => new { p.Id, p.Code }).ToListAsync(cancellationToken)).Where(p => mayWorkAt(p.Code)).Select(p => p.Id).ToList();
        var found = await bookings.Where(b => places.Contains(b.PlaceId))
            .OrderBy(b => b.Start).ThenBy(b => b.Id)
            .Take(Limit + 1)
            .ToListAsync(cancellationToken);
        var shown = await DescribeAsync(found.Take(Limit).ToList(), cancellationToken);
        return new BookingSearchResult(shown, true, found.Count > Limit, errors);
    }

    private async Task<FoundBooking?> OneAsync(long id, CancellationToken cancellationToken = default)
    {
        var booking = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        return booking is null ? null : (await DescribeAsync([booking], cancellationToken))[0];
    }

    private async Task<IReadOnlyList<FoundBooking>> DescribeAsync(IReadOnlyList<PickupBooking> bookings, CancellationToken cancellationToken)
    {
        if (bookings.Count == 0)
        {
            return [];
        }

        var ids = bookings.Select(b => b.Id).ToList();
        var cards = await db.BookedCards.AsNoTracking().Where(c => ids.Contains(c.BookingId)).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var numbers = cards.Select(c => c.ManagementNumber).Distinct().ToList();
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => numbers.Contains(e.ManagementNumber))
            .Select(e => new { e.Id, e.ManagementNumber, e.Name, e.BirthDate, e.Status })
            .ToDictionaryAsync(e => e.ManagementNumber, cancellationToken);
        var places = await db.Places.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        return bookings.Select(b => new FoundBooking(
            b.Id,
            b.Code,
            places[b.PlaceId],
            b.Start.ToCityTime(),
            b.End.ToCityTime(),
            b.People,
            b.Phone,
            b.Email,
            b.Status,
            b.Channel,
            b.CreatedAt.ToCityTime(),
            cards.Where(c => c.BookingId == b.Id).Select(c => entries.TryGetValue(c.ManagementNumber, out var e)
                ? new BookedPerson(c.ManagementNumber, e.Id, e.Name, e.BirthDate, e.Status)
                : new BookedPerson(c.ManagementNumber, null, null, null, null)).ToList())).ToList();
    }
}
