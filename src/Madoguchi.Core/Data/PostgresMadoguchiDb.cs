using Microsoft.EntityFrameworkCore.Design;

namespace Madoguchi.Data;

public sealed class PostgresMadoguchiDb(DbContextOptions<PostgresMadoguchiDb> options) : MadoguchiDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMadoguchiDb>
{
    public PostgresMadoguchiDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMadoguchiDb>().UseNpgsql("Host=127.0.0.1;Database=design").Options);
}
