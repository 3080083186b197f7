namespace Madoguchi.Booking;

internal sealed class ClientCountConfiguration : IEntityTypeConfiguration<ClientCount>
{
    public void Configure(EntityTypeBuilder<ClientCount> e)
    {
        e.ToTable("client_counts");
        e.HasKey(x => new { x.Client, x.Minute });
        e.Property(x => x.Client).HasMaxLength(64);
    }
}
