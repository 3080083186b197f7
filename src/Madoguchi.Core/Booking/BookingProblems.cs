namespace Madoguchi.Booking;

/// <summary>Why a booking step was refused (<see cref="Problem"/>), with what to do next.</summary>
public static class BookingProblems
{
    public const string ContactLine = "お問い合わせ: ";

    public static Problem InvalidInput(string detail, string? field = null) =>
        new Problem("invalid-input", 422, "入力内容を確認してください", detail, field);

    /// <summary>The same answer for an unknown number and a wrong date of birth, so nothing is revealed.</summary>
    public static Problem CardNotFound(string? field = null) =>
        new Problem("card-not-found", 422, "交付通知書の番号か生年月日が違います",
            "交付通知書（はがき）に書かれた番号と、生年月日をもう一度確かめて入力してください。5回続けて違うと、その番号は15分間使えなくなります。", field);

    public static Problem CardNotReady(string? field = null) =>
        new Problem("card-not-ready", 409, "カードの準備がまだできていません",
            "交付通知書（はがき）が届いてから予約してください。はがきが届いているのにこの表示が出る場合は、市民課にお電話ください。", field);

    public static Problem CardIssued(string? field = null) =>
        new Problem("card-issued", 409, "このカードはすでにお渡し済みです",
            "このカードは交付済みのため予約できません。紛失などで再発行が必要な場合は、市民課にお問い合わせください。", field);

    public static Problem CardDestroyed(string? field = null) =>
        new Problem("card-destroyed", 409, "このカードはお渡しできません",
            "保管期限が過ぎたなどの理由で、このカードはお渡しできなくなっています。再度の申請が必要です。市民課にお問い合わせください。", field);

    public static Problem CardAlreadyBooked(string code, DateTimeOffset start, string place, string? field = null) =>
        new Problem("card-already-booked", 409, "このカードはすでに予約されています",
            $"予約番号 {code}、{start:M月d日 H:mm}、{place} で予約済みです。日時を変えたい場合は、予約の確認ページの案内に従ってください。", field)
        {
            English = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"This card is already booked: booking code {code}, {start:MMMM d} at {start:H:mm}. To see it, use “Check a booking”."),
        };

    public static Problem TooManyAttempts(DateTimeOffset until) =>
        new Problem("too-many-attempts", 429, "しばらくしてからもう一度お試しください",
            $"入力の誤りが続いたため、この番号での受付を {until:HH:mm} まで止めています。時間をおいてから、はがきの番号と生年月日を確かめて入力してください。お急ぎのときは市役所にお電話ください。職員がご本人と確かめて予約をお受けします。");

    public static Problem Throttled() =>
        new Problem("too-many-attempts", 429, "アクセスが集中しています",
            "短い時間に多くの操作があったため、受付を一時的に止めています。1分ほど待ってからもう一度お試しください。");

    public static Problem SlotFull() =>
        new Problem("slot-full", 409, "この時間は満員になりました",
            "ほかの方の予約で、この時間の空きがなくなりました。カレンダーに戻って別の時間を選んでください。");

    /// <summary>A family on consecutive times (ADR 0020) lost one of its seats to someone quicker: nothing was taken.</summary>
    public static Problem ConsecutiveFull() =>
        new Problem("slot-full", 409, "続けての時間に空きがなくなりました",
            "ほかの方の予約で、ご家族が続けて受け取れる時間の空きがなくなりました。席は確保していません。時間を選び直してください。");

    /// <summary>No seat for the whole family from this time, neither together nor (where allowed) on consecutive times.</summary>
    public static Problem PartyDoesNotFit(int people) =>
        new Problem("slot-full", 409, $"この時間からは{people}人分の空きがありません",
            $"この時間から{people}人そろって受け取れる空きがありません。カレンダーに戻って、○ か △ の日を選んでください。");

    public static Problem HoldExpired(int minutes) =>
        new Problem("hold-expired", 409, "仮押さえの時間が過ぎました",
            $"時間を選んでから{minutes}分が過ぎたため、席の確保を取り消しました。お手数ですが、もう一度時間を選んでください。");

    public static Problem OutsideWindow(DateOnly first, DateOnly last) =>
        new Problem("outside-window", 422, "この日は予約を受け付けていません",
            $"予約できるのは {first:M月d日} から {last:M月d日} までです。その中から日にちを選んでください。");

    public static Problem PlaceClosed(string reason) =>
        new Problem("place-closed", 409, "この日時は受付をしていません",
            $"{reason}のため、この日時は受付をしていません。カレンダーから別の日時を選んでください。");

    public static Problem SameCardAtOnce() =>
        new Problem("card-already-booked", 409, "同じカードの操作が同時に届きました",
            "ボタンが2回押されたなどで、同じカードの予約操作が同時に届きました。少し待ってから、予約の確認ページで予約ができているか確かめてください。");

    public static Problem BookingNotFound() =>
        new Problem("booking-not-found", 404, "予約が見つかりません",
            "予約番号、交付通知書の番号、生年月日をもう一度確かめて入力してください。");

    public static Problem OnlineCancelOff(string phone, string name, string hours) =>
        new Problem("cancel-by-phone", 403, "予約の取り消しは電話で受け付けています",
            $"{name}（{phone}）にお電話ください。{hours}に受け付けています。");
}
