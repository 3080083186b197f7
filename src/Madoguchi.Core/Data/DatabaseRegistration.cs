using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Data;

public static class DatabaseRegistration
{
    public static IServiceCollection AddMadoguchiDatabase(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContext<SqliteMadoguchiDb>(settings.Configure);
            services.AddScoped<MadoguchiDb>(sp => settings.WithKey(sp.GetRequiredService<SqliteMadoguchiDb>()));
        }
        else
        {
            services.AddDbContext<PostgresMadoguchiDb>(settings.Configure);
            services.AddScoped<MadoguchiDb>(sp => settings.WithKey(sp.GetRequiredService<PostgresMadoguchiDb>()));
        }

        return services;
    }
}
