using Madoguchi.Audit;
using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Web.Audit;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Calendar;

/// <summary>Changes one place's settings with <see cref="ChangePlace"/>, showing each error beside its field.</summary>
[Madoguchi.Web.Staff.FreshPassword]
public sealed class PlaceModel(MadoguchiDb db, TimeProvider clock, AuditTrail trail) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? NameEnglish { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Counters { get; set; }

    [BindProperty]
    public string? SlotMinutes { get; set; }

    [BindProperty]
    public string? SeatsPerSlot { get; set; }

    [BindProperty]
    public string? Hours { get; set; }

    [BindProperty]
    public string? SeasonFrom { get; set; }

    [BindProperty]
    public string? SeasonUntil { get; set; }

    [BindProperty]
    public string? OpenFrom { get; set; }

    [BindProperty]
    public string? OpenUntil { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public Place Place { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var place = await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (place is null)
        {
            return NotFound();
        }

        Place = place;
        var s = PlaceSettings.Of(place);
        (Name, NameEnglish, Address, Counters, SlotMinutes, SeatsPerSlot) = (s.Name, s.NameEnglish, s.Address, s.Counters, s.SlotMinutes, s.SeatsPerSlot);
        (Hours, SeasonFrom, SeasonUntil, OpenFrom, OpenUntil) = (s.Hours, s.SeasonFrom, s.SeasonUntil, s.OpenFrom, s.OpenUntil);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        var settings = new PlaceSettings(Name, NameEnglish, Address, Counters, SlotMinutes, SeatsPerSlot, Hours, SeasonFrom, SeasonUntil, OpenFrom, OpenUntil);
        var result = await new ChangePlace(db, clock, trail).RunAsync(id, settings, cancellationToken);
        if (result.Status == PlaceChangeStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Status == PlaceChangeStatus.Invalid)
        {
            Errors = result.Errors;
            Place = await db.Places.AsNoTracking().SingleAsync(p => p.Id == id, cancellationToken);
            return Page();
        }

        Notice = $"保存しました。これからの予約枠 {result.SlotsUpdated} 件の席数を {result.Seats} 席にしました。"
            + (result.SlotsNotShrunk > 0
                ? $"ただし {result.SlotsNotShrunk} 件の枠は、すでに {result.Seats} 席より多く予約が入っているため、予約の数までしか減らしていません（予約はそのままです）。"
                : "");
        return Redirect($"/office/calendar/places/{id}");
    }

    public string? Error(string field) => Errors.GetValueOrDefault(field);

    public string? Invalid(string field) => Errors.ContainsKey(field) ? "true" : null;

    /// <summary>The ids that describe a field: its hint, and its error when it has one.</summary>
    public string DescribedBy(string field, bool hint = true) =>
        string.Join(' ', new[] { hint ? field + "-hint" : null, Errors.ContainsKey(field) ? field + "-error" : null }.OfType<string>());
}
