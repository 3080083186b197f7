namespace Madoguchi.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
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
    }
}
