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
return await root.Parse(args).InvokeAsync();
