using System.Text;

using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Ledger;
using Madoguchi.Staff;

namespace Madoguchi.Data;

/// <summary>
/// The one database both zones share. Each provider has its own subclass so that each keeps its
/// own set of migrations (see docs/decisions/0002-one-migration-set-per-provider.md).
/// </summary>
public abstract class MadoguchiDb(DbContextOptions options)
    : Microsoft.AspNetCore.Identity.EntityFrameworkCore.IdentityDbContext<StaffAccount, Microsoft.AspNetCore.Identity.IdentityRole<int>, int>(options),
    Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    /// <summary>The app's data-protection keys, shared by every web process (antiforgery, sign-in cookies, booking passes).</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    /// <summary>The office-serving processes' keys, out of the public role's reach (ADR 0010).</summary>
    public DbSet<OfficeDataProtectionKey> OfficeDataProtectionKeys => Set<OfficeDataProtectionKey>();

    /// <summary>The card key this context digests dates of birth with (set from <see cref="DatabaseSettings.CardSecret"/>).</summary>
    public CardSecret CardSecret { get; set; } = CardSecret.Development;

    public DbSet<Madoguchi.Notices.OutboxMail> Outbox => Set<Madoguchi.Notices.OutboxMail>();

    public DbSet<Madoguchi.Audit.AuditEntry> AuditEntries => Set<Madoguchi.Audit.AuditEntry>();

    public DbSet<Madoguchi.Audit.AuditCheckpoint> AuditCheckpoints => Set<Madoguchi.Audit.AuditCheckpoint>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<LedgerImport> LedgerImports => Set<LedgerImport>();

    public DbSet<LedgerImportProblem> LedgerImportProblems => Set<LedgerImportProblem>();

    public DbSet<Place> Places => Set<Place>();

    public DbSet<StaffAccount> StaffAccounts => Set<StaffAccount>();

    public DbSet<ClosedDay> ClosedDays => Set<ClosedDay>();

    public DbSet<ImportedHoliday> ImportedHolidays => Set<ImportedHoliday>();

    public DbSet<CardKey> CardKeys => Set<CardKey>();

    public DbSet<Slot> Slots => Set<Slot>();

    public DbSet<Hold> Holds => Set<Hold>();

    public DbSet<HoldCard> HoldCards => Set<HoldCard>();

    public DbSet<PickupBooking> Bookings => Set<PickupBooking>();

    public DbSet<BookedCard> BookedCards => Set<BookedCard>();

    public DbSet<CardAttempt> CardAttempts => Set<CardAttempt>();

    public DbSet<ClientCount> ClientCounts => Set<ClientCount>();

    public DbSet<IdempotentAnswer> IdempotentAnswers => Set<IdempotentAnswer>();

    public DbSet<BookingTombstone> BookingTombstones => Set<BookingTombstone>();

    public DbSet<CardIssue> CardIssues => Set<CardIssue>();

    public DbSet<ClosureCall> ClosureCalls => Set<ClosureCall>();

    public DbSet<LedgerStatusChange> LedgerStatusChanges => Set<LedgerStatusChange>();

    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MadoguchiDb).Assembly);
        // The scan above skips a configuration that takes an argument: this one depends on the provider.
        modelBuilder.ApplyConfiguration(new BookedCardConfiguration(Provider));

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no instant type: UTC ticks, which order and compare as instants. PostgreSQL keeps
        // them as timestamptz (ADR 0029), written in UTC and cut to its whole microseconds.
        if (Provider == DatabaseProvider.Sqlite)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
        else
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcMicrosecondsConverter>();
        }
    }

    /// <summary>
    /// An instant as a parameter of hand-written SQL: UTC ticks on SQLite, a timestamptz on PostgreSQL
    /// (ADR 0029), the same value an entity's property is stored as.
    /// </summary>
    public object Instant(DateTimeOffset time) => Provider == DatabaseProvider.Sqlite ? time.UtcTicks : PostgresInstant(time);

    /// <summary>An instant as PostgreSQL stores it: UTC (Npgsql refuses other offsets for timestamptz), whole microseconds.</summary>
    public static DateTimeOffset PostgresInstant(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}

internal sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));

internal sealed class UtcMicrosecondsConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => MadoguchiDb.PostgresInstant(v),
    v => v.ToUniversalTime());
