using Madoguchi.Data;
using Madoguchi.Staff;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Staff;

[FreshPassword]
public sealed class IndexModel(MadoguchiDb db, AddStaff addStaff) : PageModel
{
    public IReadOnlyList<StaffAccount> Accounts { get; private set; } = [];

    public NewStaff? Created { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync() => Accounts = await db.StaffAccounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync();

    public async Task OnPostAsync(string? login, string? name, string? role, string? places)
    {
        (Created, Error) = await addStaff.RunAsync(login, name, role, places);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        await OnGetAsync();
    }
}
