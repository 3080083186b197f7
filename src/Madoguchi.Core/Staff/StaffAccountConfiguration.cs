namespace Madoguchi.Staff;

internal sealed class StaffAccountConfiguration : IEntityTypeConfiguration<StaffAccount>
{
    public void Configure(EntityTypeBuilder<StaffAccount> e)
    {
        e.ToTable("staff_accounts");
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Places).HasMaxLength(200);
    }
}
