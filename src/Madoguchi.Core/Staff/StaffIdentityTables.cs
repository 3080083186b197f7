using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Staff;

/// <summary>The table names of ASP.NET Core Identity's own entities beside <see cref="StaffAccount"/>.</summary>
internal sealed class StaffIdentityTables :
    IEntityTypeConfiguration<IdentityRole<int>>,
    IEntityTypeConfiguration<IdentityUserRole<int>>,
    IEntityTypeConfiguration<IdentityUserClaim<int>>,
    IEntityTypeConfiguration<IdentityUserLogin<int>>,
    IEntityTypeConfiguration<IdentityUserToken<int>>,
    IEntityTypeConfiguration<IdentityRoleClaim<int>>
{
    public void Configure(EntityTypeBuilder<IdentityRole<int>> e) => e.ToTable("staff_roles");

    public void Configure(EntityTypeBuilder<IdentityUserRole<int>> e) => e.ToTable("staff_account_roles");

    public void Configure(EntityTypeBuilder<IdentityUserClaim<int>> e) => e.ToTable("staff_account_claims");

    public void Configure(EntityTypeBuilder<IdentityUserLogin<int>> e) => e.ToTable("staff_account_logins");

    public void Configure(EntityTypeBuilder<IdentityUserToken<int>> e) => e.ToTable("staff_account_tokens");

    public void Configure(EntityTypeBuilder<IdentityRoleClaim<int>> e) => e.ToTable("staff_role_claims");
}
