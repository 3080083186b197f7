using System.Text;

using Madoguchi.Audit;
using Madoguchi.Web.Staff;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Audit;

/// <summary>Every checkpoint as the text file the reviewers keep outside the database (the same as <c>madoguchi audit checkpoint --export</c>).</summary>
[FreshPassword]
public sealed class CheckpointsModel(AuditChainReview review, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Response.ContentType = "text/plain; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"audit-checkpoints-{clock.Today():yyyyMMdd}.txt\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(false), 1 << 16);
        await review.ExportCheckpointsAsync(writer, cancellationToken);
        return new EmptyResult();
    }
}
