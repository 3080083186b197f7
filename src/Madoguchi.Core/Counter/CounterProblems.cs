using Madoguchi.Calendar;

namespace Madoguchi.Counter;

/// <summary>
/// Why an action at the counter was refused (<see cref="Problem"/>): the message says what the clerk
/// should do next; the status and the short title follow from the code, in one table.
/// </summary>
public static class CounterProblems
{
    public static Problem Refused(string code, string message, string? field = null) =>
        new(code, StatusOf(code), TitleOf(code), message, field);

    public static Problem NotYourPlace(Place place) =>
        Refused("place-not-allowed", $"{place.Name} は担当外の交付場所のため、表示も操作もできません。担当の交付場所を選んでください。");

    /// <summary>パート work the day's counter only: another day's list or booking is not theirs to see.</summary>
    public static Problem TodayOnly(DateOnly today, DateOnly asked) =>
        Refused("today-only", $"パートの方が表示・操作できるのは当日（{CounterWords.Day(today)}）の窓口だけです。{CounterWords.Day(asked)} の一覧や予約は、係長・職員に頼んでください。", "date");

    public static Problem UnknownPlace(string? code) =>
        Refused("place-not-found", $"交付場所「{code}」はありません。一覧から交付場所を選んでください。", "place");

    public static Problem BookingNotFound() =>
        Refused("booking-not-found", "この予約は見つかりません（取り消された可能性があります）。当日の一覧から探し直してください。");

    public static Problem IssueNotFound() =>
        Refused("issue-not-found", "この交付の記録は見つかりません。予約の画面か管理番号の検索から開き直してください。");

    public static Problem NumberFormat(string field = "number") =>
        Refused("number-invalid", Ledger.Parsing.ManagementNumber.FormatError + "カードか交付通知書の番号を読み取るか、入力してください。", field);

    public static Problem NotConfirmed() =>
        Refused("not-confirmed", "本人確認書類で氏名・生年月日を確かめ、「本人確認書類で氏名・生年月日を確認した」にチェックを入れてから交付してください。", "confirmed");

    private static int StatusOf(string code) => code switch
    {
        "place-not-allowed" or "today-only" => 403,
        "place-not-found" or "booking-not-found" or "issue-not-found" or "card-not-found" => 404,
        "counter-invalid" or "number-invalid" or "number-mismatch" or "not-confirmed" or "reason-required" or "empty" or "not-a-number" or "date-invalid" => 422,
        _ => 409,
    };

    private static string TitleOf(string code) => code switch
    {
        "place-not-allowed" or "today-only" or "no-places" => "この交付場所・日は扱えません",
        "place-not-found" or "booking-not-found" or "issue-not-found" or "card-not-found" => "見つかりません",
        "counter-invalid" or "number-invalid" or "number-mismatch" or "not-confirmed" or "reason-required" or "empty" or "not-a-number" or "date-invalid" => "入力内容を確認してください",
        "changed" or "ledger-changed" => "ほかの操作で状態が変わりました",
        _ => "この操作はできません",
    };
}
