namespace Madoguchi.Web.Pages.Shared;

/// <summary>The English line under a refusal's Japanese, one per code for every feature (a problem may carry its own).</summary>
public static class ProblemEnglish
{
    public static string For(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.English ?? problem.Code switch
        {
            "card-not-found" => "The postcard number or the date of birth does not match. Check both and try again.",
            "card-not-ready" => "The card is not ready yet. Please book after the postcard arrives.",
            "card-issued" or "already-issued" => "This card has already been handed over.",
            "card-destroyed" => "This card can no longer be handed over. Please call the citizens division.",
            "card-already-booked" => "This card is already booked. To see the booking, use “Check a booking”.",
            "card-booked" => "This card is booked; issue it from that booking.",
            "slot-full" => "This time is now full. Please choose another time.",
            "hold-expired" => "The ten-minute hold ran out. Please choose a time again.",
            "outside-window" => "This day cannot be booked. Choose a day in the range shown.",
            "place-closed" => "The counter is closed at this time. Choose another day or time.",
            "too-many-attempts" => "Too many tries. Please wait and try again.",
            "booking-not-found" => "No booking matches. Check the booking code, postcard number and date of birth.",
            "cancel-by-phone" => "Please call the city office to change or cancel.",
            "other-place" or "place-not-allowed" => "This place is not one you work at.",
            "today-only" => "Part-time staff work today's counter only.",
            "booking-not-changeable" => "Only a booking not yet checked in can be changed or cancelled.",
            "booking-changed" or "changed" => "Someone else changed this booking; reload the page.",
            "number-not-in-booking" => "This card number does not belong to this booking.",
            "not-confirmed" => "Confirm the name and date of birth against the ID document first.",
            "too-early" => "No-show can be recorded only after the booked time has ended.",
            "not-checked-in" => "Record the arrival first.",
            "not-today" => "This booking is for another day.",
            "reason-required" => "Enter the reason for the correction.",
            "not-a-number" or "empty" => "Enter a booking code or a card number.",
            "number-mismatch" or "number-invalid" => "Check the number of the card in hand.",
            _ => "Please check the input and try again.",
        };
    }
}
