using Madoguchi.Staff;

namespace Madoguchi.Tests.Cli.Staff;

/// <summary>`madoguchi staff add` as the IT division creates accounts from a shell.</summary>
public sealed class StaffCommandTests : IAsyncLifetime
{
    private CliWorkspace _cli = null!;

    public async Task InitializeAsync() => _cli = new CliWorkspace(await TestDatabase.WithPlacesAsync(DatabaseProvider.Sqlite));

    public async Task DisposeAsync() => await _cli.DisposeAsync();

    [Fact]
    public async Task An_account_is_created_with_a_first_password_printed_once_and_a_duplicate_is_refused()
    {
        var created = await _cli.RunAsync("staff", "add", "--login", "tanaka", "--name", "田中 一郎", "--role", "職員", "--places", "maruko");

        Assert.Equal(0, created.ExitCode);
        Assert.Matches("初回のパスワード: [a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", created.Output);
        await using (var db = _cli.Database.Open())
        {
            var account = await db.StaffAccounts.SingleAsync(a => a.UserName == "tanaka");
            Assert.Equal(("田中 一郎", StaffRole.Clerk, "maruko", true), (account.Name, account.Role, account.Places, account.NeedsSetup));
        }

        var duplicate = await _cli.RunAsync("staff", "add", "--login", "tanaka", "--name", "別人", "--role", "clerk");
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("すでに使われています", duplicate.Error, StringComparison.Ordinal);

        var badRole = await _cli.RunAsync("staff", "add", "--login", "suzuki", "--name", "鈴木", "--role", "部長");
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("管理者・係長・職員・パート・監査", badRole.Error, StringComparison.Ordinal);
    }
}
