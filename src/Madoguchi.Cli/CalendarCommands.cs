using System.CommandLine;
using System.Globalization;
using System.Text.Json;

using Madoguchi.Calendar;
using Madoguchi.Calendar.Holidays;
using Madoguchi.Data;

namespace Madoguchi.Cli;

/// <summary>
/// <c>madoguchi calendar holidays</c> lists a year's closed days; <c>madoguchi calendar import-holidays</c>
/// imports the Cabinet Office's syukujitsu.csv. Exit codes: 0 done; 2 refused (nothing stored).
/// </summary>
public static class CalendarCommands
{
    public static Command Create() =>
        new("calendar", "休業日と国民の祝日 / Closed days and national holidays") { Holidays(), ImportHolidaysCommand() };

    private static Command Holidays()
    {
        var year = new Option<int?>("--year") { Description = "年（省略すると今年） / the year (default: this year)" };
        var json = new Option<bool>("--json") { Description = "JSON の配列で出力 / print a JSON array" };
        var command = new Command("holidays", "1年分の休業日を理由つきで一覧にします / List a year's closed days with their reasons") { year, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(year) ?? TimeProvider.System.Today().Year;
            if (chosen is < JapaneseHolidays.FirstYear or > JapaneseHolidays.LastYear)
            {
                Console.Error.WriteLine($"--year には {JapaneseHolidays.FirstYear} から {JapaneseHolidays.LastYear} までの年を指定してください（指定値: {chosen}）。");
                return 2;
            }

            var settings = CliConfiguration.Database();
            await settings.MigrateAsync(cancellationToken);
            await using var db = settings.Open();
            var listing = await CloseDay.ListAsync(db, chosen, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    listing.Select(l => new
                    {
                        date = l.Closed.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        kind = KindCode(l.Closed.Kind),
                        reason = l.Closed.Reason,
                        place = l.PlaceCode,
                        from = Time(l.Closed.From),
                        until = Time(l.Closed.Until),
                    }),
                    LedgerCommands.Json));
                return 0;
            }

            Console.WriteLine($"{chosen}年の休業日（{listing.Select(l => l.Closed.Date).Distinct().Count()}日） / Closed days in {chosen}");
            foreach (var l in listing)
            {
                var c = l.Closed;
                var where = c.PlaceId is null ? "市全体" : $"{l.PlaceCode}（{l.PlaceName}）";
                var when = c.From is { } from && c.Until is { } until ? $"{Time(from)}-{Time(until)}" : "終日";
                var line = c.Kind switch
                {
                    ClosedKind.NationalHoliday => $"{Day(c.Date)}  {KindName(c.Kind)}  {c.Reason}",
                    ClosedKind.YearEnd => $"{Day(c.Date)}  {KindName(c.Kind)}",
                    _ => $"{Day(c.Date)}  {KindName(c.Kind)}  {where} {when}  {c.Reason}",
                };
                Console.WriteLine(l.Overlapped ? line + "（祝日・年末年始と重なっています）" : line);
            }

            return 0;
        });
        return command;
    }

    private static Command ImportHolidaysCommand()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "内閣府の syukujitsu.csv / the Cabinet Office's syukujitsu.csv" };
        var json = new Option<bool>("--json") { Description = "結果を JSON 1行で出力 / print one JSON summary" };
        var command = new Command("import-holidays", "内閣府の国民の祝日の一覧を取り込みます / Import the Cabinet Office's list of national holidays") { file, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var asJson = parse.GetValue(json);
            if (!path.Exists)
            {
                return Refuse(path.Name, [$"ファイルが見つかりません: {path.FullName}。パスを確かめてください。"], asJson);
            }

            var settings = CliConfiguration.Database();
            var trail = CommandLineAudit.Trail("madoguchi calendar import-holidays");
            await CommandLineAudit.MigrateAsync(settings, trail, cancellationToken: cancellationToken);
            await using var db = settings.Open();
            HolidayImportResult result;
            await using (var stream = path.OpenRead())
            {
                result = await new ImportHolidays(db, trail).RunAsync(stream, cancellationToken);
            }

            if (result.Refused)
            {
                return Refuse(path.Name, result.Errors, asJson);
            }

            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        file = path.Name,
                        imported = result.Holidays,
                        replaced = result.Replaced,
                        years = result.Years.Select(y => new { year = y.Year, holidays = y.Holidays, replaced = y.Replaced, partial = y.Partial }),
                    },
                    LedgerCommands.Json));
                return 0;
            }

            var span = result.Years.Count == 1 ? $"{result.Years[0].Year}年" : $"{result.Years[0].Year}〜{result.Years[^1].Year}年";
            Console.WriteLine($"祝日の一覧を取り込みました: {path.Name}（{span}、{result.Holidays}件） / Imported");
            foreach (var y in result.Years)
            {
                Console.WriteLine($"  {y.Year}年  {y.Holidays,3}件（それまでの取込 {y.Replaced}件を置き換え）");
            }

            foreach (var y in result.Years.Where(y => y.Partial))
            {
                Console.WriteLine($"  注意: {y.Year}年に元日（1月1日）がありません。この年の祝日はファイルの行だけになりました。年の途中からのファイルなら、内閣府の完全な一覧を取り込み直してください。");
            }

            return 0;
        });
        return command;
    }

    private static int Refuse(string file, IReadOnlyList<string> errors, bool asJson)
    {
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { file, errors }, LedgerCommands.Json));
        }
        else
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine(error);
            }

            Console.Error.WriteLine("取り込みませんでした（何も保存していません）。ファイルを直して、もう一度実行してください。");
        }

        return 2;
    }

    private static string KindCode(ClosedKind kind) => kind switch
    {
        ClosedKind.NationalHoliday => "national-holiday",
        ClosedKind.YearEnd => "year-end",
        ClosedKind.CityClosedDay => "city",
        _ => "place",
    };

    private static string KindName(ClosedKind kind) => kind switch
    {
        ClosedKind.NationalHoliday => "国民の祝日・休日",
        ClosedKind.YearEnd => "年末年始",
        ClosedKind.CityClosedDay => "市の休業日",
        _ => "交付場所の休み",
    };

    private static string Day(DateOnly date) =>
        $"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}（{"日月火水木金土"[(int)date.DayOfWeek]}）";

    private static string? Time(TimeOnly? time) => time?.ToString("HH:mm", CultureInfo.InvariantCulture);
}
