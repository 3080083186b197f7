namespace Madoguchi.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
