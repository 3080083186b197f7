using Madoguchi.Booking;

namespace Madoguchi.Counter.Closures;

public static class CallWords
{
    public static string Japanese(this CallStatus status) => status switch
    {
        CallStatus.NotCalled => "未連絡",
        CallStatus.Called => "連絡した",
        CallStatus.Reached => "話せた",
        CallStatus.Moved => "移動済",
        CallStatus.Cancelled => "取消済",
        _ => status.ToString(),
    };

    public static string English(this CallStatus status) => status switch
    {
        CallStatus.NotCalled => "Not called",
        CallStatus.Called => "Called",
        CallStatus.Reached => "Reached",
        CallStatus.Moved => "Moved",
        CallStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };
}
