namespace Madoguchi.Booking;

internal sealed class HoldConfiguration : IEntityTypeConfiguration<Hold>
{
    public void Configure(EntityTypeBuilder<Hold> e)
    {
        e.ToTable("holds");
        e.HasIndex(x => new { x.SlotId, x.ExpiresAt });
        e.HasIndex(x => x.ExpiresAt);
        e.HasMany(x => x.Cards).WithOne().HasForeignKey(x => x.HoldId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Slot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
    }
}
