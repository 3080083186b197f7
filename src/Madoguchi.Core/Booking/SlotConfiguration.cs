using Madoguchi.Calendar;

namespace Madoguchi.Booking;

internal sealed class SlotConfiguration : IEntityTypeConfiguration<Slot>
{
    public void Configure(EntityTypeBuilder<Slot> e)
    {
        e.ToTable("slots");
        e.HasIndex(x => new { x.PlaceId, x.Start }).IsUnique();
        e.HasOne<Place>().WithMany().HasForeignKey(x => x.PlaceId).OnDelete(DeleteBehavior.Restrict);
        e.ToTable(t => t.HasCheckConstraint("ck_slots_taken", "taken >= 0 AND taken <= capacity"));
    }
}
