namespace Madoguchi.Booking;

internal sealed class IdempotentAnswerConfiguration : IEntityTypeConfiguration<IdempotentAnswer>
{
    public void Configure(EntityTypeBuilder<IdempotentAnswer> e)
    {
        e.ToTable("idempotent_answers");
        e.HasKey(x => x.Key);
        e.Property(x => x.Key).HasMaxLength(200);
        e.Property(x => x.RequestHash).HasMaxLength(64);
    }
}
