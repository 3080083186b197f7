using System.Globalization;

using Madoguchi.Booking;
using Madoguchi.Booking.Phone;
using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Web.Booking;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Bookings;

public sealed class CallerCard
{
    public string? ManagementNumber { get; set; }

    public string? BirthDate { get; set; }
}

/// <summary>
/// A booking made by staff for a caller without internet: the same rules as the public zone
/// (card check with its lock-out, booking window, closures, seats), through the same
/// <see cref="ConfirmBooking"/> (by <see cref="BookByPhone"/>), recorded with the channel "phone".
/// </summary>
public sealed class NewModel(MadoguchiDb db, TimeProvider clock, BookingSettings settings, SlotAvailability availability, BookByPhone book, FreshSeatCounts fresh) : PageModel
{
    public const string Channel = "phone";

    [BindProperty]
    public List<CallerCard> Cards { get; set; } = [];

    [BindProperty]
    public int? Place { get; set; }

    [BindProperty]
    public string? Date { get; set; }

    [BindProperty]
    public string? Start { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    /// <summary>How many card blocks the form showed: one at first, one more for each 「家族を追加」.</summary>
    [BindProperty]
    public int Rows { get; set; } = 1;

    /// <summary>The card blocks shown: as many as asked for, and never fewer than the rows already filled.</summary>
    public int ShownRows => Math.Clamp(Math.Max(Rows, LastFilledRow + 1), 1, settings.MaxPeople);

    /// <summary>The block the cursor starts in: the first, or the one just added.</summary>
    public int FocusRow { get; private set; }

    private int LastFilledRow => Cards.Select((c, i) => (c, i))
        .Where(x => !string.IsNullOrWhiteSpace(x.c.ManagementNumber) || !string.IsNullOrWhiteSpace(x.c.BirthDate))
        .Select(x => x.i).DefaultIfEmpty(0).Max();

    public Problem? Problem { get; private set; }

    public string? DateError { get; private set; }

    public IReadOnlyList<Place> Places { get; private set; } = [];

    public IReadOnlyList<SlotView>? Slots { get; private set; }

    public int MaxPeople => settings.MaxPeople;

    public (DateOnly First, DateOnly Last) Window => settings.Window(clock.Now());

    public bool ErrorFor(int index, string part) =>
        Problem?.Field is { } field && (field == $"cards[{index}]" || field == $"cards[{index}].{part}" || (index == 0 && field == "cards"));

    public bool ErrorFor(string field) => Problem?.Field == field;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        Date ??= Window.First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Shows the free times of the chosen place and day; everything typed stays in the form.</summary>
    public async Task<IActionResult> OnPostTimesAsync(CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        await LoadSlotsAsync(cancellationToken);
        return Page();
    }

    /// <summary>One more card block for a family member; everything typed stays, the times shown too.</summary>
    public async Task<IActionResult> OnPostAddFamilyAsync(CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        Rows = Math.Min(ShownRows + 1, settings.MaxPeople);
        FocusRow = Rows - 1;
        if (!string.IsNullOrEmpty(Start))
        {
            await LoadSlotsAsync(cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadPlacesAsync(cancellationToken);
        var place = Places.FirstOrDefault(p => p.Id == Place);
        DateTimeOffset? start = DateTimeOffset.TryParse(Start, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        var filled = Cards.Take(settings.MaxPeople)
            .Select((c, i) => (Card: c, Index: i))
            .Where(x => x.Index == 0 || !string.IsNullOrWhiteSpace(x.Card.ManagementNumber) || !string.IsNullOrWhiteSpace(x.Card.BirthDate))
            .ToList();
        if (filled.Count == 0)
        {
            filled.Add((new CallerCard(), 0));
        }

        var proofs = filled.Select(x => new CardProof(x.Card.ManagementNumber, x.Card.BirthDate)).ToList();
        var made = await book.RunAsync(place?.Id, start, proofs, Phone, Email, Channel, cancellationToken);
        if (made.Problem is { } problem)
        {
            // Card fields count the filled rows only; point them back at the rows on the page.
            return await RefuseAsync(problem.Field is { } field && field.StartsWith("cards[", StringComparison.Ordinal)
                ? problem with { Field = RowField(field, filled.Select(x => x.Index).ToList()) }
                : problem, cancellationToken);
        }

        fresh.Forget(place!.Id);
        var id = made.Value!.Id;
        return Redirect($"/office/bookings/{id}?made=true");
    }

    private async Task<IActionResult> RefuseAsync(Problem problem, CancellationToken cancellationToken)
    {
        Problem = problem;
        Response.StatusCode = problem.Status;
        await LoadSlotsAsync(cancellationToken);
        return Page();
    }

    private async Task LoadPlacesAsync(CancellationToken cancellationToken) =>
        Places = (await db.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken)).Where(p => User.MayWorkAt(p.Code)).ToList();

    private async Task LoadSlotsAsync(CancellationToken cancellationToken)
    {
        var place = Places.FirstOrDefault(p => p.Id == Place);
        if (place is null)
        {
            DateError = "交付場所を選んでから「空き時間を表示」を押してください。";
            return;
        }

        if (!DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            DateError = "日にちは 2027-03-01 の形で入力してください。";
            return;
        }

        var (first, last) = Window;
        if (day < first || day > last)
        {
            DateError = $"予約できるのは {JapaneseText.Day(first)} から {JapaneseText.Day(last)} までです。その中の日にちを選んでください。";
            return;
        }

        Slots = (await availability.SlotsAsync(place, day, day, cancellationToken)).Where(s => s.Bookable).ToList();
    }

    private static string RowField(string field, List<int> rows)
    {
        var close = field.IndexOf(']', StringComparison.Ordinal);
        var index = int.Parse(field[6..close], CultureInfo.InvariantCulture);
        return $"cards[{rows[index]}]{field[(close + 1)..]}";
    }
}
