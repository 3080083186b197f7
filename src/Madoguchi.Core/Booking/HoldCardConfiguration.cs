namespace Madoguchi.Booking;

internal sealed class HoldCardConfiguration : IEntityTypeConfiguration<HoldCard>
{
    public void Configure(EntityTypeBuilder<HoldCard> e)
    {
        e.ToTable("hold_cards");
        e.HasIndex(x => x.ManagementNumber).IsUnique();
        e.Property(x => x.ManagementNumber).HasMaxLength(10);
        e.HasOne<Slot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
    }
}
