using System.Diagnostics;
using System.Net.Http.Json;

using Madoguchi.Ledger;
using Madoguchi.Staff;
using Madoguchi.Tests.Cli;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Madoguchi.Tests.Faults;

/// <summary>
/// The database cannot take writes: its disk is full (SQLite on a small tmpfs filled to the last
/// byte) or it is read-only (PostgreSQL with default_transaction_read_only). An import (the office
/// page, the CLI, the import itself) and a booking must fail with a Japanese message saying what
/// happened and what to do, and leave nothing half-written: no ledger row, no import record, no
/// seat taken, no hold.
/// </summary>
[Trait("Category", "Faults")]
public sealed class FullOrReadOnlyDatabaseTests
{
    // Small on purpose: the import below is larger than anything the disk can still take.
    private const int ImportRows = 3000;

    [SkippableFact]
    public async Task A_read_only_PostgreSQL_refuses_imports_and_bookings_clearly_and_keeps_nothing()
    {
        await using var app = await MadoguchiApp.StartAsync(DatabaseProvider.Postgres);
        var database = app.Database.Settings;
        var citizens = await Citizens.ImportAsync(database, 2, 'P');
        var (placeId, slots) = await Citizens.FreeSlotsAsync(app.Public, 1);
        await app.SignInAsync(StaffRole.Supervisor);
        var before = await Snapshot.TakeAsync(database);

        // As an operator does for maintenance or a replica: new sessions may only read.
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var readOnly = new NpgsqlCommand($"ALTER DATABASE {name} SET default_transaction_read_only = on", admin);
            await readOnly.ExecuteNonQueryAsync();
        }

        NpgsqlConnection.ClearAllPools();

        await AssertRefusedAsync(app, database, citizens[0], placeId, slots[0].Start, DatabaseTroubleKind.ReadOnly, before, uploads: null);
    }

    [SkippableFact]
    public async Task A_full_disk_under_SQLite_refuses_imports_and_bookings_clearly_keeps_nothing_and_recovers()
    {
        using var disk = SmallDisk.TryMount(megabytes: 8);
        Skip.If(disk is null, "Mounting a small tmpfs needs root (CAP_SYS_ADMIN); the read-only test above still runs.");
        var file = Path.Combine(disk!.Folder, "madoguchi.db");
        var database = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file}");
        await database.MigrateAsync();
        // The uploaded file waits on the same disk, as it does in a small town's single server.
        var uploads = Directory.CreateDirectory(Path.Combine(disk.Folder, "uploads")).FullName;
        await using var app = await MadoguchiApp.StartAsync(
            DatabaseProvider.Sqlite,
            settings: new Dictionary<string, string?> { ["Madoguchi:UploadFolder"] = uploads },
            databaseSettings: _ => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?> { ["ConnectionStrings:Madoguchi"] = database.ConnectionString }));
        var citizens = await Citizens.ImportAsync(database, 2, 'D');
        var (placeId, slots) = await Citizens.FreeSlotsAsync(app.Public, 1);
        await app.SignInAsync(StaffRole.Supervisor);
        var before = await Snapshot.TakeAsync(database);

        // The write-ahead log is emptied first, so the next write must grow a file on the full disk.
        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }

        disk.Fill();
        await AssertRefusedAsync(app, database, citizens[0], placeId, slots[0].Start, DatabaseTroubleKind.Full, before, uploads);

        // Space again: the same process books without a restart.
        disk.Empty();
        using var hold = await app.PostJsonAsync("/api/v1/holds", new { placeId, start = slots[0].Start, cards = new[] { new { managementNumber = citizens[0].Card, birthDate = Citizens.BirthDate } } });
        Assert.Equal(HttpStatusCode.Created, hold.StatusCode);
    }

    private static async Task AssertRefusedAsync(MadoguchiApp app, DatabaseSettings database, Citizen citizen, int placeId, DateTimeOffset start, DatabaseTroubleKind trouble, Snapshot before, string? uploads)
    {
        // A citizen's hold: 503, Retry-After, a Japanese problem.
        using (var hold = await app.PostJsonAsync("/api/v1/holds", new { placeId, start, cards = new[] { new { managementNumber = citizen.Card, birthDate = Citizens.BirthDate } } }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, hold.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(DatabaseTrouble.RetryAfterSeconds), hold.Headers.RetryAfter?.Delta);
            var problem = await hold.Content.ReadFromJsonAsync<Dictionary<string, object>>();
            Assert.Equal("service-unavailable", problem!["code"].ToString());
            Assert.Equal(DatabaseTrouble.ForCitizen(trouble), problem["detail"].ToString());
        }

        // A clerk's import on the office page: the message says the disk is full (or read-only), that nothing was saved, whom to call.
        var csv = LedgerFile();
        var form = await app.PageAsync(app.Office, "/office/ledger/import");
        using (var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent(""), "encoding" },
            { new ByteArrayContent(csv), "file", "ledger.csv" },
        })
        {
            using var preview = await app.Office.PostAsync("/office/ledger/import?handler=Preview", content);
            var page = await preview.Content.ReadAsStringAsync();
            Assert.Contains(DatabaseTrouble.ForStaff(trouble), page, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", page, StringComparison.Ordinal);
        }

        // Not even the uploaded file (cut short by the full disk, or waiting for a preview that failed) is left.
        Assert.Empty(uploads is null ? app.PendingUploads() : Directory.GetFiles(uploads));

        // The same file through the import itself and through the CLI.
        await using (var db = database.Open())
        {
            await using var stream = new MemoryStream(csv);
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => new ImportLedgerFile(db, TimeProvider.System, TestAudit.Trail(TimeProvider.System)).RunAsync(stream, "ledger.csv", new LedgerImportOptions("test")));
            Assert.Equal(trouble, DatabaseTrouble.Of(failure));
        }

        var folder = Directory.CreateTempSubdirectory("madoguchi-cli-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, "ledger.csv"), csv);
            var cli = await CliRunner.RunAsync(folder, new Dictionary<string, string>
            {
                ["Madoguchi__Database__Provider"] = database.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
                ["ConnectionStrings__Madoguchi"] = database.ConnectionString,
            }, "ledger", "import", "ledger.csv");
            Assert.True(cli.ExitCode == 3, $"Exit {cli.ExitCode}: {cli.Error}{cli.Output}");
            Assert.Contains(DatabaseTrouble.ForStaff(trouble), cli.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        // Nothing half-written anywhere. Read on a fresh connection, as the next person would.
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Assert.Equal(before, await Snapshot.TakeAsync(database));
    }

    private static byte[] LedgerFile()
    {
        var csv = new StringBuilder("管理番号,氏名,生年月日,性別,住所\r\n");
        for (var i = 0; i < ImportRows; i++)
        {
            csv.Append(FormattableString.Invariant($"F{i / 1000 % 100:D2}-{i:D6},試験　{i}子,1990-05-05,女,長野県上田市大手一丁目{i}番地の長い住所表記\r\n"));
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private sealed record Snapshot(int LedgerRows, int Imports, int Taken, int Holds, int Bookings)
    {
        public static async Task<Snapshot> TakeAsync(DatabaseSettings database)
        {
            await using var db = database.Open();
            return new Snapshot(
                await db.LedgerEntries.CountAsync(),
                await db.LedgerImports.CountAsync(),
                await db.Slots.SumAsync(s => (int?)s.Taken) ?? 0,
                await db.Holds.CountAsync(),
                await db.Bookings.CountAsync());
        }
    }

    /// <summary>A tmpfs of a few megabytes, mounted for one test and filled on demand; null where mounting is not allowed.</summary>
    private sealed class SmallDisk : IDisposable
    {
        private SmallDisk(string folder) => Folder = folder;

        public string Folder { get; }

        private string Filler => Path.Combine(Folder, "filler");

        public static SmallDisk? TryMount(int megabytes)
        {
            if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            {
                return null;
            }

            var folder = Directory.CreateTempSubdirectory("madoguchi-full-").FullName;
            if (Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", folder) != 0)
            {
                Directory.Delete(folder);
                return null;
            }

            return new SmallDisk(folder);
        }

        /// <summary>Writes until the disk says ENOSPC.</summary>
        public void Fill()
        {
            using var filler = new FileStream(Filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
            var block = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    filler.Write(block);
                }
            }
            catch (IOException e) when (DatabaseTrouble.IsDiskFull(e))
            {
            }

            // Then the last bytes, one at a time, so not even a small page fits.
            try
            {
                while (true)
                {
                    filler.WriteByte(0);
                    filler.Flush();
                }
            }
            catch (IOException e) when (DatabaseTrouble.IsDiskFull(e))
            {
            }
        }

        public void Empty() => File.Delete(Filler);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Run("umount", "-l", Folder);
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private static int Run(string file, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            try
            {
                using var process = Process.Start(start)!;
                process.WaitForExit();
                return process.ExitCode;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return -1;
            }
        }
    }
}
