using System.CommandLine;

using Madoguchi.Cli;

var root = new RootCommand("Madoguchi（窓口）: マイナンバーカード交付予約と交付管理簿 / My Number card pick-up booking and issuance ledger")
{
    DbCommands.Create(),
    LedgerCommands.Create(),
    CalendarCommands.Create(),
    StaffCommands.Create(),
    AuditCommands.Create(),
    PurgeCommands.Create(),
    BenchCommands.Create(),
};
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (Madoguchi.Operations.SettingTrouble.Describe(e) is { } trouble)
{
    // A setting written wrong: say which and how to fix it, not a stack trace.
    await Console.Error.WriteLineAsync(trouble);
    return 2;
}
