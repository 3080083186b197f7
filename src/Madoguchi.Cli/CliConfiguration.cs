using Madoguchi.Data;

using Microsoft.Extensions.Configuration;

namespace Madoguchi.Cli;

/// <summary>The command line reads the same settings as the web process: appsettings.json, then the environment.</summary>
internal static class CliConfiguration
{
    public static IConfiguration Load() =>
        new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();

    public static DatabaseSettings Database()
    {
        var configuration = Load();
        return DatabaseSettings.From(configuration) with { CardSecret = Madoguchi.Booking.CardSecret.Resolve(configuration, mayCreate: true) };
    }
}
