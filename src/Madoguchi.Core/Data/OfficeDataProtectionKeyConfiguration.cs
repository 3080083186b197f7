namespace Madoguchi.Data;

internal sealed class OfficeDataProtectionKeyConfiguration : IEntityTypeConfiguration<OfficeDataProtectionKey>
{
    public void Configure(EntityTypeBuilder<OfficeDataProtectionKey> e) => e.ToTable("office_data_protection_keys");
}
