using Madoguchi.Web;

Madoguchi.Web.Hosting.ServerRoom.EnterServiceFolder();
var app = MadoguchiWeb.Build(args);
try
{
    await app.PrepareAsync(Console.Out);
}
catch (Madoguchi.Data.NewerSchemaException newer)
{
    // A database changed by a newer Madoguchi: say which version is needed, without a stack trace (ADR 0031).
    await Console.Error.WriteLineAsync(newer.Message);
    return 1;
}

await app.RunAsync();
return 0;
