using Madoguchi.Booking;
using Madoguchi.Calendar;

namespace Madoguchi.Counter;

/// <summary>
/// Why an action at the counter was refused: a stable code for programs and tests, and a Japanese
/// message that says what the clerk should do next. <see cref="Field"/> names the input it is about.
/// </summary>
public sealed record CounterProblem(string Code, string Message, string? Field = null)
{
    /// <summary>The booking the refusal is about (a card booked on another day), for a link to it.</summary>
    public long? BookingId { get; init; }

    public static CounterProblem NotYourPlace(Place place) =>
        new("place-not-allowed", $"{place.Name} は担当外の交付場所のため、表示も操作もできません。担当の交付場所を選んでください。");

    /// <summary>パート work the day's counter only: another day's list or booking is not theirs to see.</summary>
    public static CounterProblem TodayOnly(DateOnly today, DateOnly asked) =>
        new("today-only", $"パートの方が表示・操作できるのは当日（{CounterWords.Day(today)}）の窓口だけです。{CounterWords.Day(asked)} の一覧や予約は、係長・職員に頼んでください。", "date");

    public static CounterProblem UnknownPlace(string? code) =>
        new("place-not-found", $"交付場所「{code}」はありません。一覧から交付場所を選んでください。", "place");

    public static CounterProblem BookingNotFound() =>
        new("booking-not-found", "この予約は見つかりません（取り消された可能性があります）。当日の一覧から探し直してください。");

    public static CounterProblem IssueNotFound() =>
        new("issue-not-found", "この交付の記録は見つかりません。予約の画面か管理番号の検索から開き直してください。");

    public static CounterProblem NumberFormat(string field = "number") =>
        new("number-invalid", Ledger.Parsing.ManagementNumber.FormatError + "カードか交付通知書の番号を読み取るか、入力してください。", field);

    public static CounterProblem NotConfirmed() =>
        new("not-confirmed", "本人確認書類で氏名・生年月日を確かめ、「本人確認書類で氏名・生年月日を確認した」にチェックを入れてから交付してください。", "confirmed");
}

/// <summary>A counter action's answer: a value or a refusal.</summary>
public readonly record struct CounterOutcome<T>(T? Value, CounterProblem? Problem)
{
    public bool Ok => Problem is null;

    public static implicit operator CounterOutcome<T>(T value) => new(value, null);

    public static implicit operator CounterOutcome<T>(CounterProblem problem) => new(default, problem);
}

/// <summary>The words the counter screens use for a booking's state and for days and dates of birth.</summary>
public static class CounterWords
{
    public static string Status(BookingStatus status) => status switch
    {
        BookingStatus.Booked => "予約",
        BookingStatus.CheckedIn => "来庁",
        BookingStatus.Issued => "交付済",
        BookingStatus.NoShow => "来庁なし",
        _ => status.ToString(),
    };

    public static string StatusEnglish(BookingStatus status) => status switch
    {
        BookingStatus.Booked => "Booked",
        BookingStatus.CheckedIn => "Checked in",
        BookingStatus.Issued => "Issued",
        BookingStatus.NoShow => "No-show",
        _ => status.ToString(),
    };

    public static string Day(DateOnly day) =>
        $"{day.Year}年{day.Month}月{day.Day}日（{"日月火水木金土"[(int)day.DayOfWeek]}）";

    /// <summary>Western and Japanese-era forms side by side: ID documents use either.</summary>
    public static string Birth(DateOnly birth) =>
        $"{birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}（{Ledger.EraFormat.Japanese(birth)}）";

    public static string Time(DateTimeOffset instant) =>
        instant.ToCityTime().ToString("H:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset instant) =>
        instant.ToCityTime().ToString("yyyy-MM-dd H:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToCityTime().DateTime);
}
