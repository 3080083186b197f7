using System.Text;

using Madoguchi.Booking;
using Madoguchi.Calendar;
using Madoguchi.Ledger;
using Madoguchi.Staff;

using Microsoft.EntityFrameworkCore;

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
        modelBuilder.Entity<StaffAccount>(e =>
        {
            e.ToTable("staff_accounts");
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Places).HasMaxLength(200);
        });
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityRole<int>>().ToTable("staff_roles");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserRole<int>>().ToTable("staff_account_roles");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<int>>().ToTable("staff_account_claims");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<int>>().ToTable("staff_account_logins");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<int>>().ToTable("staff_account_tokens");
        modelBuilder.Entity<Microsoft.AspNetCore.Identity.IdentityRoleClaim<int>>().ToTable("staff_role_claims");
        modelBuilder.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasIndex(x => x.ManagementNumber).IsUnique();
            e.HasIndex(x => x.BirthDate);
            e.HasIndex(x => x.ImportId);
            e.Property(x => x.ManagementNumber).HasMaxLength(10);
            e.Property(x => x.Name).HasMaxLength(LedgerLimits.NameLength);
            e.Property(x => x.Address).HasMaxLength(LedgerLimits.AddressLength);
            e.Property(x => x.BirthDigest).HasMaxLength(64);
            e.HasOne<LedgerImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<LedgerImport>(e =>
        {
            e.ToTable("ledger_imports");
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.FileSha256).HasMaxLength(64);
            e.Property(x => x.Encoding).HasMaxLength(20);
            e.Property(x => x.ImportedBy).HasMaxLength(100);
            e.HasMany(x => x.Problems).WithOne().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<LedgerImportProblem>(e =>
        {
            e.ToTable("ledger_import_problems");
            e.HasIndex(x => new { x.ImportId, x.Line });
            e.Property(x => x.Column).HasMaxLength(40);
            e.Property(x => x.Reason).HasMaxLength(400);
        });
        modelBuilder.Entity<Place>(e =>
        {
            e.ToTable("places");
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(20);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.NameEnglish).HasMaxLength(100);
            e.Property(x => x.Address).HasMaxLength(200);
            e.Property(x => x.Hours).HasMaxLength(400);
            e.Property(x => x.SeasonFrom).HasMaxLength(5);
            e.Property(x => x.SeasonUntil).HasMaxLength(5);
        });
        modelBuilder.Entity<ClosedDay>(e =>
        {
            e.ToTable("closed_days");
            e.HasIndex(x => x.Date);
            e.Property(x => x.Reason).HasMaxLength(200);
            e.HasOne<Place>().WithMany().HasForeignKey(x => x.PlaceId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ImportedHoliday>(e =>
        {
            e.ToTable("imported_holidays");
            e.HasKey(x => x.Date);
            e.Property(x => x.Name).HasMaxLength(60);
        });
        modelBuilder.Entity<CardKey>(e =>
        {
            // A view over ledger_entries created by the migrations; the public zone's only window on the ledger.
            e.ToView("card_keys");
            e.HasKey(x => x.ManagementNumber);
        });
        modelBuilder.Entity<Slot>(e =>
        {
            e.ToTable("slots");
            e.HasIndex(x => new { x.PlaceId, x.Start }).IsUnique();
            e.HasOne<Place>().WithMany().HasForeignKey(x => x.PlaceId).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t => t.HasCheckConstraint("ck_slots_taken", "taken >= 0 AND taken <= capacity"));
        });
        modelBuilder.Entity<Hold>(e =>
        {
            e.ToTable("holds");
            e.HasIndex(x => new { x.SlotId, x.ExpiresAt });
            e.HasIndex(x => x.ExpiresAt);
            e.HasMany(x => x.Cards).WithOne().HasForeignKey(x => x.HoldId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Slot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<HoldCard>(e =>
        {
            e.ToTable("hold_cards");
            e.HasIndex(x => x.ManagementNumber).IsUnique();
            e.Property(x => x.ManagementNumber).HasMaxLength(10);
            e.HasOne<Slot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<PickupBooking>(e =>
        {
            e.ToTable("bookings");
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => x.HoldId).IsUnique();
            e.HasIndex(x => new { x.PlaceId, x.Start });
            e.HasIndex(x => x.Phone);
            e.Property(x => x.Code).HasMaxLength(9);
            e.Property(x => x.Phone).HasMaxLength(20);
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.Channel).HasMaxLength(20);
            e.HasMany(x => x.Cards).WithOne().HasForeignKey(x => x.BookingId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Slot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<BookedCard>(e =>
        {
            e.ToTable("booked_cards");
            e.Property(x => x.ManagementNumber).HasMaxLength(10);
            e.HasIndex(x => x.ManagementNumber).IsUnique()
                // The filter is written as the queries write it ("WHERE active"): SQLite uses a partial
                // index only for a query whose WHERE names the index's own terms (issue 14).
                .HasFilter(Provider == DatabaseProvider.Sqlite ? "\"active\"" : "active");
            e.HasOne<Slot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<BookingTombstone>(e =>
        {
            e.ToTable("booking_tombstones");
            e.HasIndex(x => new { x.PlaceId, x.Start });
            e.Property(x => x.CancelledBy).HasMaxLength(20);
            e.Property(x => x.Channel).HasMaxLength(20);
        });
        modelBuilder.Entity<CardIssue>(e =>
        {
            e.ToTable("card_issues");
            e.HasIndex(x => x.ManagementNumber);
            e.HasIndex(x => new { x.PlaceId, x.IssuedAt });
            e.HasIndex(x => x.BookingId);
            e.Property(x => x.ManagementNumber).HasMaxLength(10);
            e.Property(x => x.CorrectionReason).HasMaxLength(400);
        });
        modelBuilder.Entity<ClosureCall>(e =>
        {
            e.ToTable("closure_calls");
            e.HasIndex(x => new { x.ClosedDayId, x.BookingId }).IsUnique();
            e.Property(x => x.Note).HasMaxLength(400);
        });
        modelBuilder.Entity<LedgerStatusChange>(e =>
        {
            e.ToTable("ledger_status_changes");
            e.HasIndex(x => x.EntryId);
            e.Property(x => x.Reason).HasMaxLength(400);
        });
        modelBuilder.Entity<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.Entity<OfficeDataProtectionKey>().ToTable("office_data_protection_keys");
        modelBuilder.Entity<Madoguchi.Notices.OutboxMail>(e =>
        {
            e.ToTable("outbox_mails");
            e.HasIndex(x => x.EventKey).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.BookingId);
            e.HasIndex(x => x.CreatedAt);
            e.Property(x => x.EventKey).HasMaxLength(100);
            e.Property(x => x.To).HasMaxLength(254);
            e.Property(x => x.Subject).HasMaxLength(300);
            e.Property(x => x.MessageId).HasMaxLength(200);
            e.Property(x => x.ClaimedBy).HasMaxLength(100);
            e.Property(x => x.LastError).HasMaxLength(1000);
        });
        modelBuilder.Entity<Madoguchi.Audit.AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            // Ticks on both engines: the seal covers the exact ticks, which a timestamptz would cut to microseconds (ADR 0029).
            e.Property(x => x.At).HasConversion<UtcTicksConverter>();
            // Ids are given by the writer, in order, because each hash covers its id.
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasIndex(x => x.At);
            e.HasIndex(x => new { x.StaffId, x.At });
            e.Property(x => x.StaffLogin).HasMaxLength(60);
            e.Property(x => x.Role).HasMaxLength(20);
            e.Property(x => x.Address).HasMaxLength(64);
            e.Property(x => x.UserAgent).HasMaxLength(300);
            e.Property(x => x.Action).HasMaxLength(60);
            e.Property(x => x.Outcome).HasMaxLength(20);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.KeyId).HasMaxLength(40);
            e.Property(x => x.Hash).HasMaxLength(64);
        });
        modelBuilder.Entity<Madoguchi.Audit.AuditCheckpoint>(e =>
        {
            e.ToTable("audit_checkpoints");
            e.HasKey(x => x.Day);
            e.Property(x => x.LastHash).HasMaxLength(64);
        });
        modelBuilder.Entity<CardAttempt>(e =>
        {
            e.ToTable("card_attempts");
            e.HasKey(x => x.ManagementNumber);
            e.Property(x => x.ManagementNumber).HasMaxLength(10);
        });
        modelBuilder.Entity<ClientCount>(e =>
        {
            e.ToTable("client_counts");
            e.HasKey(x => new { x.Client, x.Minute });
            e.Property(x => x.Client).HasMaxLength(64);
        });
        modelBuilder.Entity<IdempotentAnswer>(e =>
        {
            e.ToTable("idempotent_answers");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(200);
            e.Property(x => x.RequestHash).HasMaxLength(64);
        });

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

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class LedgerLimits
{
    public const int NameLength = 100;
    public const int AddressLength = 200;
}

internal sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));

internal sealed class UtcMicrosecondsConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => MadoguchiDb.PostgresInstant(v),
    v => v.ToUniversalTime());
