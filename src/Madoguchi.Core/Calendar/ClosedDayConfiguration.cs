namespace Madoguchi.Calendar;

internal sealed class ClosedDayConfiguration : IEntityTypeConfiguration<ClosedDay>
{
    public void Configure(EntityTypeBuilder<ClosedDay> e)
    {
        e.ToTable("closed_days");
        e.HasIndex(x => x.Date);
        e.Property(x => x.Reason).HasMaxLength(200);
        e.HasOne<Place>().WithMany().HasForeignKey(x => x.PlaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
