using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Ledger;
using Madoguchi.Ledger.Parsing;
using Madoguchi.Notices;
using Madoguchi.Staff;

namespace Madoguchi.Demo;

public sealed record DemoStaff(string Login, string Name, StaffRole Role, string Places = "")
{
    /// <summary>Fixed per account, so a trainer can add it to an authenticator app once.</summary>
    public string AuthenticatorKey => DemoKeys.For(Login);
}

public sealed record DemoSeedResult(int Places, int Cards, IReadOnlyList<DemoStaff> Staff, bool AlreadySeeded)
{
    /// <summary>A few fictional postcards (number and date of birth) to try the booking pages with.</summary>
    public IReadOnlyList<(string Number, DateOnly Birth)> SampleCards { get; init; } = [];

    /// <summary>The training bookings made by this run; null when the database was seeded before.</summary>
    public DemoBookingsResult? Bookings { get; init; }

    public void Print(TextWriter console)
    {
        console.WriteLine(AlreadySeeded
            ? $"練習用データ: 登録済み（交付場所 {Places} か所、交付管理簿 {Cards:N0} 件）"
            : $"練習用データを作りました: 交付場所 {Places} か所、交付管理簿 {Cards:N0} 件（架空の氏名・上田市の町名）");
        console.WriteLine($"練習用の職員アカウント（パスワードはすべて {DemoKeys.Password}。認証コードはパスワードのあとの認証コードの画面 /office/signin/code に表示） / Demo staff accounts:");
        foreach (var s in Staff)
        {
            console.WriteLine($"  {s.Login,-12} {s.Role.Japanese(),-6} {s.Name}{(s.Places.Length > 0 ? $"（{s.Places}のみ）" : "")}  認証キー {s.AuthenticatorKey}");
        }

        if (Bookings is { } b)
        {
            console.WriteLine($"練習用の予約: 今日（{b.Today:yyyy-MM-dd}）{b.TodayTotal} 件（予約中 {b.Booked}・来庁 {b.CheckedIn}・交付済 {b.Issued}・来庁なし {b.NoShow}）、これからの日 {b.Later} 件 / Training bookings");
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
/// (as a Shift_JIS file, the way the national data arrives) with the fixed <see cref="DemoPostcards"/>,
/// demo staff accounts, and bookings for today and the coming days (<see cref="SeedDemoBookings"/>).
/// Runs once: a database that already holds an import is left as it is (<see cref="ResetTrainingData"/> starts it again).
/// </summary>
public sealed class SeedDemoData(MadoguchiDb db, TimeProvider clock, Microsoft.AspNetCore.Identity.UserManager<StaffAccount> users, BookingSettings settings, NoticeSettings notices, Madoguchi.Audit.AuditTrail audit)
{
    public const int DemoCards = 3000;
    public const int DemoSeed = 20210118;

    public static readonly IReadOnlyList<DemoStaff> DemoStaff =
    [
        new("admin", "情報 太郎", StaffRole.Administrator),
        new("kakaricho", "市民 花子", StaffRole.Supervisor),
        new("shokuin", "窓口 一郎", StaffRole.Clerk),
        new("part", "受付 良子", StaffRole.PartTimer),
        new("maruko", "丸子 次郎", StaffRole.Clerk, "maruko"),
        new("kansa", "監査 三郎", StaffRole.Auditor),
    ];

    public async Task<DemoSeedResult> RunAsync(CancellationToken cancellationToken = default)
    {
        await PlaceSetup.SeedAsync(db, UedaPlaces.All, cancellationToken);
        foreach (var staff in DemoStaff)
        {
            if (await users.FindByNameAsync(staff.Login) is null)
            {
                var account = new StaffAccount { UserName = staff.Login, Name = staff.Name, Role = staff.Role, Places = staff.Places, NeedsSetup = false, TwoFactorEnabled = true, LockoutEnabled = true };
                var created = await users.CreateAsync(account, DemoKeys.Password);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
                }

                await users.SetAuthenticationTokenAsync(account, "[AspNetUserStore]", "AuthenticatorKey", staff.AuthenticatorKey);
            }
        }

        db.ChangeTracker.Clear();

        var already = await db.LedgerImports.AnyAsync(cancellationToken);
        DemoBookingsResult? bookings = null;
        if (!already)
        {
            var file = Path.Combine(Path.GetTempPath(), $"madoguchi-demo-{Guid.NewGuid():N}.csv");
            try
            {
                await using (var stream = File.Create(file))
                await using (var writer = new StreamWriter(stream, LedgerFileEncoding.ShiftJis))
                {
                    SyntheticLedger.WriteCsv(writer, DemoCards, DemoSeed, clock.Today());
                    DemoPostcards.WriteCsvRows(writer, clock.Today());
                }

                await using var read = File.OpenRead(file);
                await new ImportLedgerFile(db, clock, audit).RunAsync(read, "demo-ledger.csv", new LedgerImportOptions("練習モード"), cancellationToken);
            }
            finally
            {
                File.Delete(file);
            }

            db.ChangeTracker.Clear();
            bookings = await new SeedDemoBookings(db, clock, settings, notices, audit).RunAsync(cancellationToken);
        }

        var samples = await BookablePostcardsAsync(db, clock, cancellationToken: cancellationToken);
        return new DemoSeedResult(
            await db.Places.CountAsync(cancellationToken),
            await db.LedgerEntries.CountAsync(cancellationToken),
            DemoStaff,
            already)
        {
            SampleCards = samples.Select(s => (s.Number, s.Birth)).ToList(),
            Bookings = bookings,
        };
    }

    /// <summary>
    /// The <see cref="DemoPostcards"/> a trainee can book with now: not in an active booking and, where
    /// this connection may read the card keys (not the public role, which may not: ADR 0025), ready,
    /// arrived and with the postcard's date of birth.
    /// </summary>
    public static async Task<IReadOnlyList<DemoPostcard>> BookablePostcardsAsync(MadoguchiDb db, TimeProvider clock, bool mayReadCardKeys = true, CancellationToken cancellationToken = default)
    {
        var numbers = DemoPostcards.All.Select(p => p.Number).ToList();
        var booked = await db.BookedCards.AsNoTracking().Where(c => c.Active && numbers.Contains(c.ManagementNumber))
            .Select(c => c.ManagementNumber).ToListAsync(cancellationToken);
        var free = DemoPostcards.All.Where(p => !booked.Contains(p.Number)).ToList();
        if (!mayReadCardKeys)
        {
            return free;
        }

        var today = clock.Today();
        var keys = await db.CardKeys.AsNoTracking()
            .Where(k => numbers.Contains(k.ManagementNumber) && k.Status == CardStatus.Ready && k.ArrivedOn <= today)
            .ToDictionaryAsync(k => k.ManagementNumber, k => k.BirthDigest, cancellationToken);
        return free.Where(p => keys.GetValueOrDefault(p.Number) == db.CardSecret.Digest(p.Number, p.Birth)).ToList();
    }
}
