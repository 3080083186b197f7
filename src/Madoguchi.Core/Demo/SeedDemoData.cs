using Madoguchi.Calendar;
using Madoguchi.Data;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;
using Madoguchi.Staff;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Demo;

public sealed record DemoSeedResult(int Places, int Cards, IReadOnlyList<StaffMember> Staff, bool AlreadySeeded)
{
    /// <summary>A few fictional postcards (number and date of birth) to try the booking pages with.</summary>
    public IReadOnlyList<(string Number, DateOnly Birth)> SampleCards { get; init; } = [];

    public void Print(TextWriter console)
    {
        console.WriteLine(AlreadySeeded
            ? $"練習用データ: 登録済み（交付場所 {Places} か所、交付管理簿 {Cards:N0} 件）"
            : $"練習用データを作りました: 交付場所 {Places} か所、交付管理簿 {Cards:N0} 件（架空の氏名・上田市の町名）");
        console.WriteLine("練習用の職員アカウント / Demo staff accounts（サインイン機能は職員機能で追加予定。今は庁内ページをサインインなしで開けます）:");
        foreach (var s in Staff)
        {
            console.WriteLine($"  {s.Login,-12} {s.Role.Japanese(),-6} {s.Name}{(s.Places.Length > 0 ? $"（{s.Places}のみ）" : "")}");
        }

        if (SampleCards.Count > 0)
        {
            console.WriteLine("予約を試せる練習用のはがき（番号 / 生年月日） / Demo postcards to book with:");
            foreach (var (number, birth) in SampleCards)
            {
                console.WriteLine($"  {number} / {birth:yyyy-MM-dd}");
            }
        }
    }
}

/// <summary>
/// Training mode (練習モード): Ueda's places, a synthetic ledger imported through the real import
/// (as a Shift_JIS file, the way the national data arrives) and demo staff accounts. Runs once:
/// a database that already holds an import is left as it is.
/// </summary>
public sealed class SeedDemoData(MadoguchiDb db, TimeProvider clock)
{
    public const int DemoCards = 3000;
    public const int DemoSeed = 20210118;

    public static readonly IReadOnlyList<StaffMember> DemoStaff =
    [
        new() { Login = "admin", Name = "情報 太郎", Role = StaffRole.Administrator },
        new() { Login = "kakaricho", Name = "市民 花子", Role = StaffRole.Supervisor },
        new() { Login = "shokuin", Name = "窓口 一郎", Role = StaffRole.Clerk },
        new() { Login = "part", Name = "受付 良子", Role = StaffRole.PartTimer },
        new() { Login = "maruko", Name = "丸子 次郎", Role = StaffRole.Clerk, Places = "maruko" },
        new() { Login = "kansa", Name = "監査 三郎", Role = StaffRole.Auditor },
    ];

    public async Task<DemoSeedResult> RunAsync(CancellationToken cancellationToken = default)
    {
        await PlaceSetup.SeedAsync(db, UedaPlaces.All, cancellationToken);
        foreach (var staff in DemoStaff)
        {
            if (!await db.StaffMembers.AnyAsync(s => s.Login == staff.Login, cancellationToken))
            {
                db.StaffMembers.Add(new StaffMember { Login = staff.Login, Name = staff.Name, Role = staff.Role, Places = staff.Places });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var already = await db.LedgerImports.AnyAsync(cancellationToken);
        if (!already)
        {
            var file = Path.Combine(Path.GetTempPath(), $"madoguchi-demo-{Guid.NewGuid():N}.csv");
            try
            {
                await using (var stream = File.Create(file))
                await using (var writer = new StreamWriter(stream, LedgerFileEncoding.ShiftJis))
                {
                    SyntheticLedger.WriteCsv(writer, DemoCards, DemoSeed, clock.Today());
                }

                await using var read = File.OpenRead(file);
                await new ImportLedgerFile(db, clock).RunAsync(read, "demo-ledger.csv", new LedgerImportOptions("練習モード"), cancellationToken);
            }
            finally
            {
                File.Delete(file);
            }
        }

        var staffList = await db.StaffMembers.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var samples = await db.LedgerEntries.AsNoTracking().Where(e => e.Status == CardStatus.Ready).OrderBy(e => e.Id).Take(3)
            .Select(e => new { e.ManagementNumber, e.BirthDate }).ToListAsync(cancellationToken);
        return new DemoSeedResult(
            await db.Places.CountAsync(cancellationToken),
            await db.LedgerEntries.CountAsync(cancellationToken),
            staffList,
            already)
        {
            SampleCards = samples.Select(s => (s.ManagementNumber, s.BirthDate)).ToList(),
        };
    }
}
