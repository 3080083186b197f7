using Madoguchi.Web.Zones;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Errors;

/// <summary>
/// What a person sees for an address that does not exist, an expired form or another error: a page of
/// the zone it was asked in, with the site's layout, instead of bare text. The API keeps its problem+json.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public bool Office { get; private set; }

    public string Title { get; private set; } = "";

    public string English { get; private set; } = "";

    public string Detail { get; private set; } = "";

    public void OnGet(int status)
    {
        Office = HttpContext.Items[typeof(Zone)] is Zone.Office;
        Response.StatusCode = status is >= 400 and <= 599 ? status : StatusCodes.Status404NotFound;
        (Title, English, Detail) = Response.StatusCode switch
        {
            404 => ("ページが見つかりません", "Page not found",
                "アドレスが違うか、ページがなくなりました。アドレスを確かめるか、次のリンクからお進みください。"),
            400 => ("操作を受け付けられませんでした", "The request could not be processed",
                "画面を開いてから時間がたったか、別の画面で操作したため受け付けられませんでした。画面を開き直してから、もう一度操作してください。"),
            405 => ("この操作はできません", "Method not allowed", "次のリンクからやり直してください。"),
            _ => ($"エラーが発生しました（{Response.StatusCode}）", $"Error {Response.StatusCode}",
                "しばらくしてからもう一度お試しください。続くときは市民課にお問い合わせください。"),
        };
    }
}
