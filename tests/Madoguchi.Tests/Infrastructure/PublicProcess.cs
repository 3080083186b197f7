using Madoguchi.Calendar;

using Npgsql;

namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// A public-only process (zone "public") with Ueda's places; on PostgreSQL it connects as the public
/// role, as the migrations create it (ADR 0010). The test cluster trusts loopback connections, so the
/// password it is given is not checked.
/// </summary>
public static class PublicProcess
{
    public static Task<MadoguchiApp> StartAsync(DatabaseProvider provider, TimeProvider clock, IDictionary<string, string?>? settings = null) =>
        MadoguchiApp.StartAsync(
            provider,
            zone: "public",
            clock: clock,
            settings: settings,
            databaseSettings: async database =>
            {
                await using (var db = database.Open())
                {
                    await PlaceSetup.SeedAsync(db, UedaPlaces.All);
                }

                return provider == DatabaseProvider.Sqlite
                    ? new Dictionary<string, string?>()
                    : new Dictionary<string, string?>
                    {
                        ["ConnectionStrings:MadoguchiPublic"] = new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString) { Username = "madoguchi_public", Password = "x" }.ConnectionString,
                    };
            });
}
