using System.Text;

using Madoguchi.Audit;
using Madoguchi.Data;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Pages.Office.Audit;

/// <summary>
/// Recomputes the audit log's chain against the database's checkpoints, or also against the
/// reviewers' copy uploaded here, and shows the result and the latest checkpoints.
/// </summary>
public sealed class VerifyModel(MadoguchiDb db, AuditChainReview review) : PageModel
{
    public const int CheckpointsShown = 31;
    private const long LargestFile = 4 * 1024 * 1024;

    public AuditVerification? Result { get; private set; }

    public bool WithFile { get; private set; }

    public string? FileError { get; private set; }

    public IReadOnlyList<AuditCheckpoint> Latest { get; private set; } = [];

    public int CheckpointTotal { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await RunAsync(null, cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            FileError = "ファイルが選ばれていません。「madoguchi audit checkpoint --export」や下のリンクで保存したチェックポイントのファイルを選んでください。";
        }
        else if (file.Length > LargestFile)
        {
            FileError = "ファイルが大きすぎます（4 MB まで）。チェックポイントのファイルを選んだか確かめてください。";
        }
        else
        {
            var errors = new List<string>();
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            var lines = await CheckpointFile.ReadAsync(reader, errors, cancellationToken);
            if (errors.Count > 0)
            {
                FileError = string.Join(" ", errors);
            }
            else
            {
                WithFile = true;
                await RunAsync(lines, cancellationToken);
                return Page();
            }
        }

        await LoadCheckpointsAsync(cancellationToken);
        return Page();
    }

    private async Task RunAsync(IReadOnlyList<CheckpointLine>? outside, CancellationToken cancellationToken)
    {
        Result = await review.VerifyAsync(outside, cancellationToken);
        await LoadCheckpointsAsync(cancellationToken);
    }

    private async Task LoadCheckpointsAsync(CancellationToken cancellationToken)
    {
        CheckpointTotal = await db.AuditCheckpoints.CountAsync(cancellationToken);
        Latest = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Day).Take(CheckpointsShown).ToListAsync(cancellationToken);
    }
}
