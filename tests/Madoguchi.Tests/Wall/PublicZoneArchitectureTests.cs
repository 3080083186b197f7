using Madoguchi.Booking;
using Madoguchi.Web;

using NetArchTest.Rules;

namespace Madoguchi.Tests.Wall;

/// <summary>
/// The code's half of the wall (R3): nothing in the public zone may use the ledger entry, the
/// type that carries names, birth dates, addresses and sex. The public zone reads card keys
/// instead (ADR 0005). The rule is proved on deliberately leaky types (LeakyZone.cs), so it is
/// known to catch a field, a query in an async lambda, a generic argument and a call's signature.
/// </summary>
public sealed class PublicZoneArchitectureTests
{
    private const string PersonalData = "Madoguchi.Ledger.LedgerEntry";

    [Fact]
    public void Nothing_in_the_public_zone_depends_on_the_ledger_entry()
    {
        var failing = PublicZone().SelectMany(zone => NoPersonalData(zone).FailingTypeNames ?? []).ToList();

        Assert.True(failing.Count == 0, "These public-zone types use the ledger's personal data; read card keys instead (ADR 0005): " + string.Join(", ", failing));
    }

    [Fact]
    public void The_rule_looks_at_the_whole_public_zone_not_an_empty_selection()
    {
        // Guards the rule against a renamed namespace or view that would make it pass vacuously.
        var names = PublicZone().SelectMany(zone => zone.GetTypes()).Select(t => t.FullName!).ToList();

        Assert.Contains(typeof(CheckCards).FullName!, names);
        Assert.Contains(typeof(CardKey).FullName!, names);
        Assert.Contains(typeof(Madoguchi.Booking.Formats.PhoneNumber).FullName!, names);
        Assert.Contains(typeof(Madoguchi.Web.Booking.BookingPass).FullName!, names);
        Assert.Contains(typeof(Madoguchi.Web.Pages.Book.ConfirmModel).FullName!, names);
        Assert.Contains(typeof(Madoguchi.Web.Pages.Booking.IndexModel).FullName!, names);
        Assert.Contains(typeof(Madoguchi.Web.Pages.IndexModel).FullName!, names);
        // The compiled views, which sit in their folder's namespace.
        Assert.Contains("Madoguchi.Web.Pages.Book.Pages_Book_Confirm", names);
        Assert.Contains("Madoguchi.Web.Pages.Booking.Pages_Booking_Index", names);
        Assert.Contains("Madoguchi.Web.Pages.Pages_Index", names);
        Assert.Contains("Madoguchi.Web.Pages.Shared.Pages_Shared__Layout", names);
        // The office's phone bookings live beside the public booking code but are not part of the zone.
        Assert.DoesNotContain(names, n => n.StartsWith("Madoguchi.Booking.Phone.", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("Madoguchi.Web.Pages.Office", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_rule_names_every_deliberately_leaky_type()
    {
        var leaky = Types.InAssembly(typeof(PublicZoneArchitectureTests).Assembly).That().ResideInNamespace("Madoguchi.Tests.Wall.Leaky");

        var failing = NoPersonalData(leaky).FailingTypeNames ?? [];

        Assert.All(
            new[] { "LeakyProperty", "LeakyQuery", "LeakyGenericSet", "LeakyCall" },
            leak => Assert.Contains(failing, f => f.StartsWith($"Madoguchi.Tests.Wall.Leaky.{leak}", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_office_side_does_use_the_ledger_entry_so_the_rule_can_see_it()
    {
        // A control: the office's phone bookings read names, and the same check says so.
        var office = Types.InAssembly(typeof(CardKey).Assembly).That().ResideInNamespace("Madoguchi.Booking.Phone");

        Assert.False(NoPersonalData(office).IsSuccessful);
    }

    /// <summary>The one rule, applied to any selection of types.</summary>
    private static TestResult NoPersonalData(PredicateList types) =>
        types.ShouldNot().HaveDependencyOn(PersonalData).GetResult();

    /// <summary>
    /// The public zone: the booking rules (not the office's phone bookings), the public API and
    /// passes, and every page outside the office folder with its compiled view (Razor puts a view
    /// in its folder's namespace).
    /// </summary>
    private static IEnumerable<PredicateList> PublicZone()
    {
        var core = typeof(CardKey).Assembly;
        var web = typeof(MadoguchiWeb).Assembly;
        yield return Types.InAssembly(core).That().ResideInNamespace("Madoguchi.Booking").And().DoNotResideInNamespace("Madoguchi.Booking.Phone");
        yield return Types.InAssembly(web).That().ResideInNamespace("Madoguchi.Web.Booking");
        // Every page outside the office folder is public: the booking flow, the look-up, the home page, the shared layout.
        yield return Types.InAssembly(web).That().ResideInNamespace("Madoguchi.Web.Pages").And().DoNotResideInNamespace("Madoguchi.Web.Pages.Office");
    }
}
