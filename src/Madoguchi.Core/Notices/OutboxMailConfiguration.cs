namespace Madoguchi.Notices;

internal sealed class OutboxMailConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public void Configure(EntityTypeBuilder<OutboxMail> e)
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
    }
}
