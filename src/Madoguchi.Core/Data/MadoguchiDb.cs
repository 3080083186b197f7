using System.Text;

using Madoguchi.Calendar;
using Madoguchi.Ledger;
using Madoguchi.Staff;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Data;

/// <summary>
/// The one database both zones share. Each provider has its own subclass so that each keeps its
/// own set of migrations (see docs/decisions/0002-one-migration-set-per-provider.md).
/// </summary>
public abstract class MadoguchiDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<LedgerImport> LedgerImports => Set<LedgerImport>();

    public DbSet<LedgerImportProblem> LedgerImportProblems => Set<LedgerImportProblem>();

    public DbSet<Place> Places => Set<Place>();

    public DbSet<StaffMember> StaffMembers => Set<StaffMember>();

    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasIndex(x => x.ManagementNumber).IsUnique();
            e.HasIndex(x => x.BirthDate);
            e.HasIndex(x => x.ImportId);
            e.Property(x => x.ManagementNumber).HasMaxLength(10);
            e.Property(x => x.Name).HasMaxLength(LedgerLimits.NameLength);
            e.Property(x => x.Address).HasMaxLength(LedgerLimits.AddressLength);
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
        });
        modelBuilder.Entity<StaffMember>(e =>
        {
            e.ToTable("staff_members");
            e.HasIndex(x => x.Login).IsUnique();
            e.Property(x => x.Login).HasMaxLength(60);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Places).HasMaxLength(200);
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
        // Stored as UTC ticks so that both engines compare and order instants the same way.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

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
