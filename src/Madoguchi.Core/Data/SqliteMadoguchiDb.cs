using Microsoft.EntityFrameworkCore.Design;

namespace Madoguchi.Data;

public sealed class SqliteMadoguchiDb(DbContextOptions<SqliteMadoguchiDb> options) : MadoguchiDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMadoguchiDb>
{
    public SqliteMadoguchiDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMadoguchiDb>().UseSqlite("Data Source=design.db").Options);
}
