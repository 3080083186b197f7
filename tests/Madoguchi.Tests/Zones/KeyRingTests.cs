using Madoguchi.Staff;

namespace Madoguchi.Tests.Zones;

/// <summary>
/// Where each kind of process keeps its data-protection keys (ADR 0010): an office-serving process
/// in the table the public role cannot touch, a public-only process in the shared one.
/// </summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task An_office_sign_in_cookie_is_made_from_a_key_in_the_office_ring_only()
    {
        await using var app = await MadoguchiApp.StartAsync(zone: "all");

        await app.SignInAsync(StaffRole.Clerk);

        await using var db = app.Database.Open();
        Assert.NotEqual(0, await db.OfficeDataProtectionKeys.CountAsync());
        Assert.Equal(0, await db.DataProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task A_public_only_process_keeps_its_keys_in_the_shared_ring_and_never_reads_the_office_one()
    {
        await using var app = await MadoguchiApp.StartAsync(zone: "public");

        // The booking form carries an antiforgery token, which needs a key.
        await app.PageAsync(app.Public, "/book");

        await using var db = app.Database.Open();
        Assert.NotEqual(0, await db.DataProtectionKeys.CountAsync());
        Assert.Equal(0, await db.OfficeDataProtectionKeys.CountAsync());
    }
}
