using System.Globalization;
using System.Text;

using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Unclaimed;
using Madoguchi.Web.Booking;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Unclaimed;

/// <summary>
/// Cards not collected: the 再通知 and 廃棄 lists (ages settable here, defaults from
/// <c>Madoguchi:Unclaimed:ReminderMonths</c> and <c>DestroyMonths</c>), and marking chosen cards
/// destroyed or withdrawn with a reason.
/// </summary>
public sealed class IndexModel(MadoguchiDb db, TimeProvider clock, IConfiguration configuration, AuditTrail trail, FreshSeatCounts fresh) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReminderMonths { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? DestroyMonths { get; set; }

    /// <summary>A list whose cards all start ticked (<c>reminder</c> or <c>destroy</c>): "select all" without JavaScript.</summary>
    [BindProperty(SupportsGet = true)]
    public string? All { get; set; }

    [BindProperty]
    public List<long> Ids { get; set; } = [];

    [BindProperty]
    public string? To { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public UnclaimedAges Ages { get; private set; } = UnclaimedAges.Default;

    public Dictionary<string, string> AgeErrors { get; } = [];

    public IReadOnlyDictionary<string, string> MarkErrors { get; private set; } = new Dictionary<string, string>();

    public UnclaimedPage Reminder { get; private set; } = new(0, []);

    public UnclaimedPage Destroy { get; private set; } = new(0, []);

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostMarkAsync(CancellationToken cancellationToken)
    {
        var to = To switch
        {
            nameof(CardStatus.Destroyed) => CardStatus.Destroyed,
            nameof(CardStatus.Withdrawn) => CardStatus.Withdrawn,
            _ => (CardStatus)0,
        };
        var result = await new MarkUnclaimed(db, clock, trail).RunAsync(new UnclaimedMarking(Ids, to, Reason), User.StaffId(), cancellationToken);
        if (result.Status == MarkingStatus.Invalid)
        {
            MarkErrors = result.Errors;
            await LoadAsync(cancellationToken);
            return Page();
        }

        if (result.BookingsCancelled > 0)
        {
            // Seats went back: the free-seat answers must not wait for their cache to run out.
            fresh.ForgetAll();
        }

        var notice = new StringBuilder($"{result.Marked.Count} 枚を「{to.Japanese()}」にしました（理由: {Reason?.Trim()}）。");
        if (result.BookingsCancelled > 0)
        {
            notice.Append(CultureInfo.InvariantCulture, $"これらのカードの予約 {result.BookingsCancelled} 件を取り消し、席を戻しました。");
        }

        if (result.Skipped.Count > 0)
        {
            notice.Append(CultureInfo.InvariantCulture, $"{string.Join("、", result.Skipped)} は交付済などで交付待ちではなくなっていたため、変えていません。");
        }

        notice.Append(CultureInfo.InvariantCulture, $" / Marked {result.Marked.Count} cards.");
        Notice = notice.ToString();
        return Redirect("/office/unclaimed" + Query());
    }

    /// <summary>The ages as typed, for links and the return after marking; empty when the defaults apply.</summary>
    public string Query(string? list = null)
    {
        var parts = new List<string>();
        if (list is not null)
        {
            parts.Add("list=" + list);
        }

        if (!string.IsNullOrWhiteSpace(ReminderMonths))
        {
            parts.Add("reminderMonths=" + Uri.EscapeDataString(ReminderMonths.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(DestroyMonths))
        {
            parts.Add("destroyMonths=" + Uri.EscapeDataString(DestroyMonths.Trim()));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    public bool Ticked(long id, string list) => Ids.Contains(id) || string.Equals(All, list, StringComparison.OrdinalIgnoreCase);

    public string? AgeDescribedBy(string field, string hint) => AgeErrors.ContainsKey(field) ? $"{hint} {field}-error" : hint;

    public string? MarkDescribedBy(string field, string? hint = null) =>
        string.Join(' ', new[] { hint, MarkErrors.ContainsKey(field) ? "mark-" + field + "-error" : null }.OfType<string>()) is { Length: > 0 } ids ? ids : null;

    /// <summary>The ages from the form, else from the configuration, else 3 and 12 months; a wrong value is named and the default used.</summary>
    public static UnclaimedAges ReadAges(string? reminder, string? destroy, IConfiguration configuration, Dictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        var section = configuration.GetSection("Madoguchi:Unclaimed");
        var configured = new UnclaimedAges(
            section.GetValue("ReminderMonths", UnclaimedAges.DefaultReminderMonths),
            section.GetValue("DestroyMonths", UnclaimedAges.DefaultDestroyMonths));
        var r = Months(reminder, nameof(ReminderMonths), "再通知", configured.ReminderMonths, errors);
        var d = Months(destroy, nameof(DestroyMonths), "廃棄", configured.DestroyMonths, errors);
        if (d <= r && errors.Count == 0)
        {
            errors[nameof(DestroyMonths)] = $"廃棄の月数（{d}）は再通知の月数（{r}）より大きくしてください。例: 再通知 3、廃棄 12。";
            return configured;
        }

        return errors.Count == 0 ? new UnclaimedAges(r, d) : configured;
    }

    private static int Months(string? text, string field, string label, int fallback, Dictionary<string, string> errors)
    {
        var value = (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
        if (value.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var months) && months is >= 1 and <= UnclaimedAges.MostMonths)
        {
            return months;
        }

        errors[field] = $"{label}の月数「{value}」は使えません。1〜{UnclaimedAges.MostMonths} の数字で書いてください。";
        return fallback;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Today = clock.Today();
        Ages = ReadAges(ReminderMonths, DestroyMonths, configuration, AgeErrors);
        (Reminder, Destroy) = await new UnclaimedCards(db, clock, trail).ShowAsync(Ages, cancellationToken: cancellationToken);
    }
}
