using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Staff;
using Madoguchi.Web.Audit;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Staff;

[FreshPassword]
public sealed class IndexModel(MadoguchiDb db, AddStaff addStaff, OfficeAudit audit) : PageModel
{
    public IReadOnlyList<StaffAccount> Accounts { get; private set; } = [];

    public NewStaff? Created { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        Accounts = await db.StaffAccounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        await audit.RecordAsync("staff.accounts.view", [.. Accounts.Select(a => $"staff:{a.Id}")]);
    }

    public async Task OnPostAsync(string? login, string? name, string? role, string? places)
    {
        (Created, Error) = await addStaff.RunAsync(login, name, role, places);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await audit.RecordAsync("staff.create", outcome: AuditOutcome.Refused);
        }
        else
        {
            var id = await db.StaffAccounts.AsNoTracking().Where(a => a.UserName == Created!.Login).Select(a => a.Id).SingleAsync();
            await audit.RecordAsync("staff.create", [$"staff:{id}"]);
        }

        await OnGetAsync();
    }
}
