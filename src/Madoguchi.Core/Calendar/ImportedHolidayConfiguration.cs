namespace Madoguchi.Calendar;

internal sealed class ImportedHolidayConfiguration : IEntityTypeConfiguration<ImportedHoliday>
{
    public void Configure(EntityTypeBuilder<ImportedHoliday> e)
    {
        e.ToTable("imported_holidays");
        e.HasKey(x => x.Date);
        e.Property(x => x.Name).HasMaxLength(60);
    }
}
