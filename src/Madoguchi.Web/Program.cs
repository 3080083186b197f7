using Madoguchi.Web;

Madoguchi.Web.Hosting.ServerRoom.EnterServiceFolder();
WebApplication app;
try
{
    app = MadoguchiWeb.Build(args);
    await app.PrepareAsync(Console.Out);
}
catch (Exception e) when (Madoguchi.Operations.SettingTrouble.Describe(e) is { } trouble)
{
    // A setting written wrong: the journal (or the Windows event log) says which and how to fix it.
    await Console.Error.WriteLineAsync(trouble);
    return 2;
}
catch (Madoguchi.Data.NewerSchemaException newer)
{
    // A database changed by a newer Madoguchi: say which version is needed, without a stack trace (ADR 0031).
    await Console.Error.WriteLineAsync(newer.Message);
    return 1;
}

await app.RunAsync();
return 0;
