using Madoguchi.Notices;

using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.MailTemplates;

/// <summary>Open to every signed-in role (the texts hold no personal data). Each kind of mail rendered with sample data by the same code that writes the real ones.</summary>
public sealed class IndexModel(NoticeSettings settings, TimeProvider clock) : PageModel
{
    public IReadOnlyList<(MailKind Kind, RenderedMail Mail)> Samples { get; private set; } = [];

    public void OnGet() => Samples = MailText.Samples(settings, clock.GetUtcNow());
}
