using System.CommandLine;

using Madoguchi.Data;
using Madoguchi.Staff;

using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Cli;

internal static class StaffCommands
{
    /// <summary>Exit codes: 0 created (the first password is printed once), 2 refused with the reason.</summary>
    public static Command Create()
    {
        var login = new Option<string>("--login") { Description = "ログイン名（半角英数字）", Required = true };
        var name = new Option<string>("--name") { Description = "氏名", Required = true };
        var role = new Option<string>("--role") { Description = "管理者|係長|職員|パート|監査 (admin|supervisor|clerk|part|auditor)", Required = true };
        var places = new Option<string?>("--places") { Description = "担当する交付場所のコード（カンマ区切り。省略はすべて）" };
        var add = new Command("add", "職員アカウントを作ります / Add a staff account") { login, name, role, places };
        add.SetAction(async (parse, cancellationToken) =>
        {
            var settings = CliConfiguration.Database();
            var trail = CommandLineAudit.Trail("madoguchi staff add");
            await CommandLineAudit.MigrateAsync(settings, trail, cancellationToken: cancellationToken);
            var services = new ServiceCollection().AddLogging().AddMadoguchiDatabase(settings);
            services.AddSingleton(trail);
            services.AddDataProtection();
            services.AddMadoguchiStaffIdentity();
            services.AddScoped<AddStaff>();
            await using var provider = services.BuildServiceProvider();
            await using var scope = provider.CreateAsyncScope();
            var (created, error) = await scope.ServiceProvider.GetRequiredService<AddStaff>()
                .RunAsync(parse.GetValue(login), parse.GetValue(name), parse.GetValue(role), parse.GetValue(places), cancellationToken);
            if (created is null)
            {
                Console.Error.WriteLine(error);
                return 2;
            }

            Console.WriteLine($"{created.Name}（{created.Login}、{created.Role.Japanese()}）を作りました。");
            Console.WriteLine($"初回のパスワード: {created.FirstPassword}");
            Console.WriteLine("本人に直接渡してください。初回のサインインで本人がパスワードを決め、認証アプリを登録します。");
            return 0;
        });
        return new Command("staff", "職員アカウント / Staff accounts") { add };
    }
}
