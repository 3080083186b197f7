namespace Madoguchi.Calendar;

internal sealed class PlaceConfiguration : IEntityTypeConfiguration<Place>
{
    public void Configure(EntityTypeBuilder<Place> e)
    {
        e.ToTable("places");
        e.HasIndex(x => x.Code).IsUnique();
        e.Property(x => x.Code).HasMaxLength(20);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.NameEnglish).HasMaxLength(100);
        e.Property(x => x.Address).HasMaxLength(200);
        e.Property(x => x.Hours).HasMaxLength(400);
        e.Property(x => x.SeasonFrom).HasMaxLength(5);
        e.Property(x => x.SeasonUntil).HasMaxLength(5);
    }
}
