using System.Net;
using System.Text;

using Madoguchi.Data;
using Madoguchi.Tests.Faults;
using Madoguchi.Tests.Infrastructure;

namespace Madoguchi.Tests.ServerRoom;

/// <summary>
/// The published folder as a city installs it (README「本番での動かし方」, ADR 0033): both programs side
/// by side with the sample units, <c>madoguchi db migrate</c> and <c>madoguchi ledger import</c> run from
/// it, and its <c>Madoguchi.Web</c> executable (not <c>dotnet run</c>) serving a booking.
/// </summary>
[Trait("Category", "ServerRoom")]
public sealed class PublishedBuildTests
{
    [SkippableFact]
    public async Task The_published_folder_migrates_imports_and_takes_a_booking()
    {
        Skip.If(OperatingSystem.IsWindows(), "publish.sh is a bash script.");
        var folder = await PublishedBuild.FolderAsync();
        foreach (var file in new[]
        {
            "Madoguchi.Web.dll", "Madoguchi.Web.runtimeconfig.json", "madoguchi.dll", "madoguchi.runtimeconfig.json",
            "deploy/systemd/madoguchi-public.service", "deploy/systemd/madoguchi-office.service", "deploy/windows/install-services.ps1",
        })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} is missing from the published folder.");
        }

        Assert.True(File.Exists(PublishedBuild.Program(folder, "Madoguchi.Web")), "The web host's executable is missing.");
        Assert.True(File.Exists(PublishedBuild.Program(folder, "madoguchi")), "The command line's executable is missing.");

        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        var work = Directory.CreateTempSubdirectory("madoguchi-published-run-").FullName;
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Madoguchi__Demo"] = "false",
                ["Madoguchi__Database__Provider"] = "sqlite",
                ["ConnectionStrings__Madoguchi"] = database.Settings.ConnectionString,
                ["Madoguchi__CardKey"] = Madoguchi.Booking.CardSecret.Development.ToBase64(),
                ["Madoguchi__Audit__KeyFile"] = Path.Combine(work, "audit-keys"),
            };
            var migrate = await PublishedBuild.CliAsync(folder, work, settings, "db", "migrate");
            Assert.True(migrate.ExitCode == 0, $"madoguchi db migrate: {migrate.ExitCode}\n{migrate.Output}\n{migrate.Error}");

            var card = "P00-000001";
            var csv = Path.Combine(work, "cards.csv");
            await File.WriteAllTextAsync(csv, $"管理番号,氏名,生年月日,性別,住所\r\n{card},試験　一郎,{Citizens.BirthDate},男,長野県上田市大手一丁目1番\r\n", new UTF8Encoding(false));
            var import = await PublishedBuild.CliAsync(folder, work, settings, "ledger", "import", csv);
            Assert.True(import.ExitCode == 0, $"madoguchi ledger import: {import.ExitCode}\n{import.Output}\n{import.Error}");

            settings["Madoguchi__TrustedProxies"] = "127.0.0.1";
            settings["DOTNET_ROOT"] = PublishedBuild.DotnetRoot;
            await using var web = await WebProcess.StartAsync(database.Settings, "all", settings, PublishedBuild.Program(folder, "Madoguchi.Web"));
            var (placeId, slots) = await Citizens.FreeSlotsAsync(web.Public, 1);
            var citizen = new Citizen(1, card);
            await citizen.TryAsync(web.Public, web.Public, placeId, slots[0].Start);
            Assert.True(citizen.BookingStatus == HttpStatusCode.Created, $"Hold {citizen.HoldStatus}, booking {citizen.BookingStatus}:\n{web.Output}");
            Assert.False(string.IsNullOrEmpty(citizen.BookingCode));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
