namespace Madoguchi.Ledger;

internal sealed class LedgerImportConfiguration : IEntityTypeConfiguration<LedgerImport>
{
    public void Configure(EntityTypeBuilder<LedgerImport> e)
    {
        e.ToTable("ledger_imports");
        e.Property(x => x.FileName).HasMaxLength(260);
        e.Property(x => x.FileSha256).HasMaxLength(64);
        e.Property(x => x.Encoding).HasMaxLength(20);
        e.Property(x => x.ImportedBy).HasMaxLength(100);
        e.HasMany(x => x.Problems).WithOne().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}
