using Madoguchi.Staff;

namespace Madoguchi.Tests.Staff;

/// <summary>
/// Which role opens which office route (R8). Every case only reads, with fresh clients and accounts of
/// its own, so the class shares one app (<see cref="SharedApp"/>) instead of starting one per route.
/// </summary>
public sealed class OfficeRoutesByRoleTests(OfficeRoutesByRoleTests.MondayApp shared) : IClassFixture<OfficeRoutesByRoleTests.MondayApp>
{
    private readonly MadoguchiApp _app = shared.App;

    /// <summary>The app on Monday 2027-02-22, 10:00 in Ueda, the day the routes' dates name; the clock stands still.</summary>
    public sealed class MondayApp() : SharedApp(() => MadoguchiApp.StartAsync(clock: new FakeTimeProvider(new DateTimeOffset(2027, 2, 22, 1, 0, 0, TimeSpan.Zero))));

    public static TheoryData<string, string> RoutesByRole()
    {
        // route, then for each role (anonymous, 管理者, 係長, 職員, パート, 監査): O = opens (200, or 404 for a record that does not exist), D = denied, S = sent to sign in
        var data = new TheoryData<string, string>
        {
            { "/office/", "S O O O O O" },
            { "/office/ledger/search", "S D O O D D" },
            { "/office/ledger/entries/999", "S D O O D D" },
            { "/office/ledger/imports", "S D O O D D" },
            { "/office/ledger/imports/999", "S D O O D D" },
            { "/office/ledger/imports/999/report.csv", "S D O O D D" },
            { "/office/ledger/import", "S D O D D D" },
            { "/office/calendar/places", "S D O D D D" },
            { "/office/calendar/places/1", "S D O D D D" },
            { "/office/calendar/closed-days", "S D O D D D" },
            { "/office/calendar/holidays", "S D O D D D" },
            { "/office/staff", "S O D D D D" },
            { "/office/counter", "S D O O O D" },
            { "/office/counter/find", "S D O O O D" },
            { "/office/counter/bookings/999", "S D O O O D" },
            // Correcting a mistaken issue is for 係長 and 職員, not for part-timers.
            { "/office/counter/issues/999/correct", "S D O O D D" },
            { "/office/bookings", "S D O O D D" },
            { "/office/bookings/new", "S D O O D D" },
            { "/office/bookings/999", "S D O O D D" },
            { "/office/closures/999", "S D O D D D" },
            { "/office/closures/999/print", "S D O D D D" },
            { "/office/closures/999/calls.csv", "S D O D D D" },
            { "/office/closures/999/move", "S D O D D D" },
            { "/office/unclaimed/export.csv?list=reminder", "S D O D D D" },
            { "/office/audit", "S D D D D O" },
            { "/office/audit/summary", "S D D D D O" },
            { "/office/audit/verify", "S D D D D O" },
            { "/office/audit/export.csv", "S D D D D O" },
            { "/office/audit/checkpoints.txt", "S D D D D O" },
            { "/office/closures", "S D O D D D" },
            { "/office/unclaimed", "S D O D D D" },
            // Statistics are counts only: 管理者, 係長 and 監査 read them; the counter's staff do not need them.
            { "/office/statistics", "S O O D D O" },
            { "/office/statistics/forecast", "S O O D D O" },
            { "/office/statistics/export.xlsx", "S O O D D O" },
            { "/office/statistics/export.csv?table=periods", "S O O D D O" },
            { "/office/statistics/export.csv?view=forecast", "S O O D D O" },
            // Saving lists with personal data: the same roles as their CSV; the day list not by part-timers.
            { "/office/counter/day.csv?place=honcho&date=2027-02-22", "S D O O D D" },
            { "/office/counter/day.xlsx?place=honcho&date=2027-02-22", "S D O O D D" },
            { "/office/closures/999/calls.xlsx", "S D O D D D" },
            { "/office/unclaimed/export.xlsx?list=reminder", "S D O D D D" },
            { "/office/audit/export.xlsx", "S D D D D O" },
            // Search results and the staff list: the same roles as their pages (a search that finds nothing still answers 200).
            { "/office/ledger/search.csv?number=A1B-123456", "S D O O D D" },
            { "/office/ledger/search.xlsx?number=A1B-123456", "S D O O D D" },
            { "/office/bookings/search.csv?code=3C7K-9HQA", "S D O O D D" },
            { "/office/bookings/search.xlsx?code=3C7K-9HQA", "S D O O D D" },
            { "/office/staff/export.csv", "S O D D D D" },
            { "/office/staff/export.xlsx", "S O D D D D" },
            // The outbox shows addresses and texts: the phone staff's pages. The templates hold no personal data.
            { "/office/mail", "S D O O D D" },
            { "/office/mail/999", "S D O O D D" },
            { "/office/mail/templates", "S O O O O O" },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(RoutesByRole))]
    public async Task Every_office_route_answers_each_role_as_expected(string route, string expected)
    {
        StaffRole?[] roles = [null, StaffRole.Administrator, StaffRole.Supervisor, StaffRole.Clerk, StaffRole.PartTimer, StaffRole.Auditor];
        var answers = new List<string>();
        foreach (var role in roles)
        {
            using var client = _app.NewOfficeClient();
            if (role is { } r)
            {
                await _app.SignInAsync(r, client);
            }

            using var response = await client.GetAsync(route);
            var location = response.Headers.Location?.ToString() ?? "";
            answers.Add(response.StatusCode switch
            {
                HttpStatusCode.OK or HttpStatusCode.NotFound => "O",
                HttpStatusCode.Redirect when location.Contains("/office/denied", StringComparison.Ordinal) => "D",
                HttpStatusCode.Redirect when location.Contains("/office/signin", StringComparison.Ordinal) => "S",
                _ => $"{(int)response.StatusCode}:{location}",
            });
        }

        Assert.Equal(expected, string.Join(' ', answers));
    }
}
