namespace Madoguchi.Booking;

internal sealed class CardAttemptConfiguration : IEntityTypeConfiguration<CardAttempt>
{
    public void Configure(EntityTypeBuilder<CardAttempt> e)
    {
        e.ToTable("card_attempts");
        e.HasKey(x => x.ManagementNumber);
        e.Property(x => x.ManagementNumber).HasMaxLength(10);
    }
}
