namespace Madoguchi.Booking.Phone;

/// <summary>Why staff could not change or cancel a booking on the phone, and what to do instead.</summary>
public static class PhoneProblems
{
    public const int ReasonLength = 400;

    public static Problem NotFound() =>
        new("booking-not-found", 404, "予約が見つかりません",
            "すでに取り消されたか、番号が違う可能性があります。予約の検索から、予約番号や氏名と生年月日でもう一度探してください。");

    public static Problem OtherPlace(string placeName) =>
        new("other-place", 403, "この交付場所の予約は扱えません",
            $"{placeName}の予約は、その交付場所を担当する職員が扱います。担当の窓口に電話をおつなぎください。");

    public static Problem NotChangeable(string status) =>
        new("booking-not-changeable", 409, "この予約は変更・取り消しできません",
            $"この予約は「{status}」です。変更や取り消しができるのは来庁前の予約だけです。窓口での扱いは当日の窓口の画面で行ってください。");

    public static Problem ChangedMeanwhile() =>
        new("booking-changed", 409, "予約がほかの操作で変わりました",
            "同じ予約が別の画面で変更か取り消しをされました。予約の画面を開き直して、今の内容を確かめてください。");

    public static Problem SameTime() =>
        BookingProblems.InvalidInput("今の予約と同じ場所・日時です。別の日時を選んでください。", "start");

    public static Problem ReasonRequired() =>
        BookingProblems.InvalidInput("取り消しの理由を入力してください（例: 都合が悪くなった、代わりの日時を後で決める）。", "reason");

    public static Problem ReasonTooLong() =>
        BookingProblems.InvalidInput($"取り消しの理由は{ReasonLength}文字以内で入力してください。", "reason");
}
