namespace Madoguchi.Ledger;

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> e)
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
    }
}
