namespace Madoguchi.Booking;

/// <summary>
/// Why a booking step was refused: a stable code for programs, and for people a Japanese title and
/// detail that say what to do next (English follows on the pages).
/// </summary>
public sealed record BookingProblem(string Code, int Status, string Title, string Detail, string? Field = null)
{
    public const string ContactLine = "お問い合わせ: ";

    /// <summary>The English line under the Japanese on the pages, where the general one per code is not enough.</summary>
    public string? English { get; init; }

    public static BookingProblem InvalidInput(string detail, string? field = null) =>
        new("invalid-input", 422, "入力内容を確認してください", detail, field);

    /// <summary>The same answer for an unknown number and a wrong date of birth, so nothing is revealed.</summary>
    public static BookingProblem CardNotFound(string? field = null) =>
        new("card-not-found", 422, "交付通知書の番号か生年月日が違います",
            "交付通知書（はがき）に書かれた番号と、生年月日をもう一度確かめて入力してください。5回続けて違うと、その番号は15分間使えなくなります。", field);

    public static BookingProblem CardNotReady(string? field = null) =>
        new("card-not-ready", 409, "カードの準備がまだできていません",
            "交付通知書（はがき）が届いてから予約してください。はがきが届いているのにこの表示が出る場合は、市民課にお電話ください。", field);

    public static BookingProblem CardIssued(string? field = null) =>
        new("card-issued", 409, "このカードはすでにお渡し済みです",
            "このカードは交付済みのため予約できません。紛失などで再発行が必要な場合は、市民課にお問い合わせください。", field);

    public static BookingProblem CardDestroyed(string? field = null) =>
        new("card-destroyed", 409, "このカードはお渡しできません",
            "保管期限が過ぎたなどの理由で、このカードはお渡しできなくなっています。再度の申請が必要です。市民課にお問い合わせください。", field);

    public static BookingProblem CardAlreadyBooked(string code, DateTimeOffset start, string place, string? field = null) =>
        new("card-already-booked", 409, "このカードはすでに予約されています",
            $"予約番号 {code}、{start:M月d日 H:mm}、{place} で予約済みです。日時を変えたい場合は、予約の確認ページの案内に従ってください。", field)
        {
            English = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"This card is already booked: booking code {code}, {start:MMMM d} at {start:H:mm}. To see it, use “Check a booking”."),
        };

    public static BookingProblem TooManyAttempts(DateTimeOffset until) =>
        new("too-many-attempts", 429, "しばらくしてからもう一度お試しください",
            $"入力の誤りが続いたため、この番号での受付を {until:HH:mm} まで止めています。時間をおいてから、はがきの番号と生年月日を確かめて入力してください。お急ぎのときは市役所にお電話ください。職員がご本人と確かめて予約をお受けします。");

    public static BookingProblem Throttled() =>
        new("too-many-attempts", 429, "アクセスが集中しています",
            "短い時間に多くの操作があったため、受付を一時的に止めています。1分ほど待ってからもう一度お試しください。");

    public static BookingProblem SlotFull() =>
        new("slot-full", 409, "この時間は満員になりました",
            "ほかの方の予約で、この時間の空きがなくなりました。カレンダーに戻って別の時間を選んでください。");

    /// <summary>A family on consecutive times (ADR 0020) lost one of its seats to someone quicker: nothing was taken.</summary>
    public static BookingProblem ConsecutiveFull() =>
        new("slot-full", 409, "続けての時間に空きがなくなりました",
            "ほかの方の予約で、ご家族が続けて受け取れる時間の空きがなくなりました。席は確保していません。時間を選び直してください。");

    /// <summary>No seat for the whole family from this time, neither together nor (where allowed) on consecutive times.</summary>
    public static BookingProblem PartyDoesNotFit(int people) =>
        new("slot-full", 409, $"この時間からは{people}人分の空きがありません",
            $"この時間から{people}人そろって受け取れる空きがありません。カレンダーに戻って、○ か △ の日を選んでください。");

    public static BookingProblem HoldExpired(int minutes) =>
        new("hold-expired", 409, "仮押さえの時間が過ぎました",
            $"時間を選んでから{minutes}分が過ぎたため、席の確保を取り消しました。お手数ですが、もう一度時間を選んでください。");

    public static BookingProblem OutsideWindow(DateOnly first, DateOnly last) =>
        new("outside-window", 422, "この日は予約を受け付けていません",
            $"予約できるのは {first:M月d日} から {last:M月d日} までです。その中から日にちを選んでください。");

    public static BookingProblem PlaceClosed(string reason) =>
        new("place-closed", 409, "この日時は受付をしていません",
            $"{reason}のため、この日時は受付をしていません。カレンダーから別の日時を選んでください。");

    public static BookingProblem SameCardAtOnce() =>
        new("card-already-booked", 409, "同じカードの操作が同時に届きました",
            "ボタンが2回押されたなどで、同じカードの予約操作が同時に届きました。少し待ってから、予約の確認ページで予約ができているか確かめてください。");

    public static BookingProblem BookingNotFound() =>
        new("booking-not-found", 404, "予約が見つかりません",
            "予約番号、交付通知書の番号、生年月日をもう一度確かめて入力してください。");

    public static BookingProblem OnlineCancelOff(string phone, string name, string hours) =>
        new("cancel-by-phone", 403, "予約の取り消しは電話で受け付けています",
            $"{name}（{phone}）にお電話ください。{hours}に受け付けています。");
}

/// <summary>A booking step's answer: a value or a problem.</summary>
public readonly record struct Outcome<T>(T? Value, BookingProblem? Problem)
{
    public bool Ok => Problem is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(BookingProblem problem) => new(default, problem);
}
