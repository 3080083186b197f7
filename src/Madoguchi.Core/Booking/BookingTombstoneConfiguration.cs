namespace Madoguchi.Booking;

internal sealed class BookingTombstoneConfiguration : IEntityTypeConfiguration<BookingTombstone>
{
    public void Configure(EntityTypeBuilder<BookingTombstone> e)
    {
        e.ToTable("booking_tombstones");
        e.HasIndex(x => new { x.PlaceId, x.Start });
        e.Property(x => x.CancelledBy).HasMaxLength(20);
        e.Property(x => x.Channel).HasMaxLength(20);
    }
}
