using System.Security.Claims;

using Madoguchi.Data;
using Madoguchi.Staff;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Staff;

[FreshPassword]
public sealed class IndexModel(MadoguchiDb db, AddStaff addStaff, ChangeStaff changeStaff, StaffAccountList list) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Edit { get; set; }

    public StaffAccount? Editing => Accounts.FirstOrDefault(a => a.Id == Edit);

    [TempData]
    public string? Changed { get; set; }

    public IReadOnlyList<StaffAccount> Accounts { get; private set; } = [];

    public NewStaff? Created { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        Accounts = await list.ViewAsync();
    }

    public async Task OnPostAsync(string? login, string? name, string? role, string? places)
    {
        (Created, Error) = await addStaff.RunAsync(login, name, role, places);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        await OnGetAsync();
    }

    /// <summary>Role, places, stopped or not: the account's sessions end at their next request.</summary>
    public async Task<IActionResult> OnPostChangeAsync(int id, string? role, string? places, bool stopped)
    {
        var acting = int.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var me) ? me : 0;
        Error = await changeStaff.RunAsync(id, acting, role, places, stopped);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Edit = id;
            await OnGetAsync();
            return Page();
        }

        var login = await db.StaffAccounts.AsNoTracking().Where(a => a.Id == id).Select(a => a.UserName).SingleAsync();
        Changed = stopped
            ? $"{login} を止めました。使っていた画面はすべて、次の操作でサインイン画面に戻ります。"
            : $"{login} を変更しました。使っていた画面はすべて、次の操作でサインインからやり直しになります。";
        return Redirect("/office/staff");
    }
}
