using System.Text;
using System.Text.Json;

using Madoguchi.Data;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Madoguchi.Web.Pages.Office.Ledger;

/// <summary>
/// Upload, preview (a dry run that stores nothing), then commit. Between the two steps the file
/// waits in the upload folder under a random token; it is deleted when committed or cancelled,
/// and left-overs older than a day are removed at the next upload.
/// </summary>
[Madoguchi.Web.Staff.FreshPassword]
public sealed class ImportModel(ImportLedgerFile import, SiteSettings site, TimeProvider clock) : PageModel
{
    public ImportSummaryView? Preview { get; private set; }

    public string? Token { get; private set; }

    public string? Error { get; private set; }

    public string? Notice { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, string? encoding, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            Error = "ファイルが選ばれていないか、空です。国から届いた CSV ファイルを選んでください。";
            await import.RefuseAsync(dryRun: true, cancellationToken);
            return Page();
        }

        if (!string.IsNullOrEmpty(encoding) && !LedgerFileEncoding.TryGetByName(encoding, out _))
        {
            Error = "文字コードは「自動判定」「Shift_JIS」「UTF-8」から選んでください。";
            await import.RefuseAsync(dryRun: true, cancellationToken);
            return Page();
        }

        var folder = Directory.CreateDirectory(site.UploadFolder);
        RemoveStale(folder, clock.GetUtcNow().UtcDateTime.AddDays(-1));
        var token = Guid.NewGuid().ToString("N");
        var path = Path.Combine(folder.FullName, token + ".csv");
        try
        {
            await using (var target = System.IO.File.Create(path))
            {
                await file.CopyToAsync(target, cancellationToken);
            }

            await System.IO.File.WriteAllTextAsync(
                Path.Combine(folder.FullName, token + ".json"),
                JsonSerializer.Serialize(new Pending(Path.GetFileName(file.FileName), encoding ?? "")),
                cancellationToken);
        }
        catch (IOException e) when (DatabaseTrouble.IsDiskFull(e))
        {
            // A file cut short by a full disk is never previewed or imported.
            Discard(token);
            Error = DatabaseTrouble.ForStaff(DatabaseTroubleKind.Full);
            return Page();
        }

        LedgerImportSummary? summary;
        try
        {
            summary = await RunAsync(token, dryRun: true, cancellationToken);
            if (summary is null)
            {
                Discard(token);
            }
        }
        catch (Exception failure) when (DatabaseTrouble.Of(failure) is not null)
        {
            // Nothing could be stored, not even the audit entry (a full or read-only database): the
            // uploaded file goes too, and the clerk gets the 503 page that says what to do.
            Discard(token);
            throw;
        }

        if (summary is null)
        {
            return Page();
        }

        Preview = ImportSummaryView.From(summary);
        Token = token;
        return Page();
    }

    public async Task<IActionResult> OnPostCommitAsync(string? token, CancellationToken cancellationToken)
    {
        if (!IsToken(token) || !System.IO.File.Exists(PathOf(token!, ".csv")))
        {
            Error = "確認したファイルが見つかりません（時間が経ったか、すでに取り込み済みです）。もう一度ファイルを選んでください。";
            await import.RefuseAsync(dryRun: false, cancellationToken);
            return Page();
        }

        LedgerImportSummary? summary;
        try
        {
            summary = await RunAsync(token!, dryRun: false, cancellationToken);
        }
        finally
        {
            Discard(token!);
        }

        return summary?.ImportId is { } id ? Redirect($"/office/ledger/imports/{id}") : Page();
    }

    public IActionResult OnPostCancel(string? token)
    {
        if (IsToken(token))
        {
            Discard(token!);
        }

        Notice = "取込をやめました。何も保存していません。";
        return Page();
    }

    private async Task<LedgerImportSummary?> RunAsync(string token, bool dryRun, CancellationToken cancellationToken)
    {
        var pending = JsonSerializer.Deserialize<Pending>(await System.IO.File.ReadAllTextAsync(PathOf(token, ".json"), cancellationToken))!;
        Encoding? chosen = null;
        if (pending.Encoding.Length > 0 && LedgerFileEncoding.TryGetByName(pending.Encoding, out var e))
        {
            chosen = e;
        }

        try
        {
            await using var stream = System.IO.File.OpenRead(PathOf(token, ".csv"));
            return await import.RunAsync(stream, pending.FileName, new LedgerImportOptions("庁内画面", dryRun, chosen), cancellationToken);
        }
        catch (LedgerFileRejectedException rejected)
        {
            // The import recorded the refusal in the audit log.
            Error = rejected.Message;
            return null;
        }
    }

    private string PathOf(string token, string extension) => Path.Combine(Path.GetFullPath(site.UploadFolder), token + extension);

    private void Discard(string token)
    {
        System.IO.File.Delete(PathOf(token, ".csv"));
        System.IO.File.Delete(PathOf(token, ".json"));
    }

    private static bool IsToken(string? token) => token is { Length: 32 } && token.All(Uri.IsHexDigit);

    private static void RemoveStale(DirectoryInfo folder, DateTime before)
    {
        foreach (var old in folder.EnumerateFiles().Where(f => f.LastWriteTimeUtc < before))
        {
            old.Delete();
        }
    }

    private sealed record Pending(string FileName, string Encoding);
}
