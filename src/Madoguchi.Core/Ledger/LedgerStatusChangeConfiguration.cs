namespace Madoguchi.Ledger;

internal sealed class LedgerStatusChangeConfiguration : IEntityTypeConfiguration<LedgerStatusChange>
{
    public void Configure(EntityTypeBuilder<LedgerStatusChange> e)
    {
        e.ToTable("ledger_status_changes");
        e.HasIndex(x => x.EntryId);
        e.Property(x => x.Reason).HasMaxLength(400);
    }
}
