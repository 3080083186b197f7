namespace Madoguchi.Audit;

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> e)
    {
        e.ToTable("audit_checkpoints");
        e.HasKey(x => x.Day);
        e.Property(x => x.LastHash).HasMaxLength(64);
    }
}
