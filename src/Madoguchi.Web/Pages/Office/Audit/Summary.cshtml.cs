using System.Globalization;
using System.Text;

using Madoguchi.Audit;

using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Audit;

/// <summary>
/// Per staff member per day: entries and records shown, unusual volumes marked in words. The
/// threshold comes from the form, else <c>Madoguchi:Audit:UnusualRecords</c>, else 500.
/// </summary>
public sealed class SummaryModel(SummarizeAuditLog summarize, TimeProvider clock, IConfiguration configuration) : PageModel
{
    public const int DefaultDays = 7;

    public string? From { get; private set; }

    public string? To { get; private set; }

    public string? Threshold { get; private set; }

    public Dictionary<string, string> Errors { get; } = [];

    public AuditSummary? Summary { get; private set; }

    public async Task OnGetAsync(string? from, string? to, string? threshold, CancellationToken cancellationToken)
    {
        (From, To, Threshold) = (from, to, threshold);
        var today = clock.Today();
        var last = SearchAuditLog.Day(to, "To", "終了日", Errors) ?? today;
        var first = SearchAuditLog.Day(from, "From", "開始日", Errors) ?? last.AddDays(1 - DefaultDays);
        if (Errors.Count == 0 && first > last)
        {
            Errors["To"] = $"終了日（{last:yyyy-MM-dd}）が開始日（{first:yyyy-MM-dd}）より前です。期間を入れ替えてください。";
        }
        else if (Errors.Count == 0 && last.DayNumber - first.DayNumber >= SummarizeAuditLog.LongestPeriodDays)
        {
            Errors["To"] = $"期間が長すぎます（{SummarizeAuditLog.LongestPeriodDays} 日まで）。期間を分けて表示してください。";
        }

        var limit = configuration.GetValue("Madoguchi:Audit:UnusualRecords", SummarizeAuditLog.DefaultThreshold);
        var typed = (threshold ?? "").Normalize(NormalizationForm.FormKC).Trim();
        if (typed.Length > 0)
        {
            if (int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                limit = n;
            }
            else
            {
                Errors["Threshold"] = $"しきい値「{typed}」は使えません。1 以上の数字で書いてください（例: {SummarizeAuditLog.DefaultThreshold}）。";
            }
        }

        if (Errors.Count > 0)
        {
            return;
        }

        Summary = await summarize.RunAsync(first, last, limit, cancellationToken);
    }

    public string? DescribedBy(string field, string hint) => Errors.ContainsKey(field) ? $"{hint} {field}-error" : hint;

    public static string SearchLink(StaffDay d)
    {
        var day = d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var login = d.StaffLogin is null ? "" : "login=" + Uri.EscapeDataString(d.StaffLogin) + "&";
        return $"/office/audit?{login}from={day}&to={day}";
    }
}
