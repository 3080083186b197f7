namespace Madoguchi.Booking;

internal sealed class PickupBookingConfiguration : IEntityTypeConfiguration<PickupBooking>
{
    public void Configure(EntityTypeBuilder<PickupBooking> e)
    {
        e.ToTable("bookings");
        e.HasIndex(x => x.Code).IsUnique();
        e.HasIndex(x => x.HoldId).IsUnique();
        e.HasIndex(x => new { x.PlaceId, x.Start });
        e.HasIndex(x => x.Phone);
        e.Property(x => x.Code).HasMaxLength(9);
        e.Property(x => x.Phone).HasMaxLength(20);
        e.Property(x => x.Email).HasMaxLength(254);
        e.Property(x => x.Channel).HasMaxLength(20);
        e.HasMany(x => x.Cards).WithOne().HasForeignKey(x => x.BookingId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Slot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
    }
}
