using Madoguchi.Staff;

using Microsoft.Playwright;

using static Microsoft.Playwright.Assertions;

namespace Madoguchi.Tests.Browser.Journeys;

/// <summary>What every office journey does the same way: sign in as a person does, and use the staff menu.</summary>
public static class OfficeDesk
{
    public const string Password = "correct-horse-battery";

    public static ILocator Menu(IPage page, string name) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "職員メニュー" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>
    /// Creates the account, then signs in on the pages: password on the first page, then the code an
    /// authenticator app would show now, typed. Returns the account's authenticator key.
    /// </summary>
    public static async Task<string> SignInAsync(Screen s, MadoguchiApp app, StaffRole role, string login, string places = "")
    {
        var key = await app.CreateAccountAsync(login, role, Password, places);
        await SignInWithKeyAsync(s, app, login, key);
        return key;
    }

    /// <summary>Signs an existing account in on the pages, typing the current code of its key.</summary>
    public static async Task SignInWithKeyAsync(Screen s, MadoguchiApp app, string login, string key)
    {
        await s.GoAsync(app.OfficeUrl, "/office/signin");
        await s.Page.Locator("#login").FillAsync(login);
        await s.Page.Locator("#password").FillAsync(Password);
        await s.SeeOfficeAsync("sign-in");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await Expect(s.Page.Locator("h1")).ToContainTextAsync("認証コード");
        await s.Page.Locator("#code").FillAsync(app.CodeNow(key));
        await s.SeeOfficeAsync("code");
        await s.Page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
        await Expect(s.Page.Locator("nav.office")).ToContainTextAsync($"試験 {login}");
        await s.SeeOfficeAsync("signed-in");
    }
}
