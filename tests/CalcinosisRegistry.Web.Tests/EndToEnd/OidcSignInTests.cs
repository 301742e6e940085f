using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CalcinosisRegistry.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CalcinosisRegistry.Web.Tests.EndToEnd;

/// <summary>
/// With OpenID Connect configured, a browser signs in through the provider (the code flow with PKCE, against the
/// tests' own provider) and gets the registry user its subject is mapped to, checked again like a token's session.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private const string Subject = "olga-at-the-hospital-idp";
    private readonly OidcProvider _provider = new();
    private WebHost _host = default!;
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;

    public async Task InitializeAsync()
    {
        await _provider.StartAsync();
        _host = new WebHost(new Dictionary<string, string>
        {
            ["Registry:Security:OidcAuthority"] = _provider.Issuer,
            ["Registry:Web:Oidc:ClientId"] = OidcProvider.ClientId,
            ["Registry:Web:Oidc:ClientSecret"] = OidcProvider.ClientSecret,
            ["Registry:Web:Oidc:RequireHttpsMetadata"] = "false",
        });
        _host.StartServer();
        using var admin = AdminClient();
        using var created = await admin.PostAsJsonAsync("/api/admin/users", new { userId = "olga", displayName = "Olga", role = "analyst", sites = Array.Empty<string>(), oidcSubject = Subject });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        _playwright = await Playwright.CreateAsync();
        _browser = await Browsers.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task An_organisation_account_signs_in_as_its_registry_user_and_is_signed_out_when_the_user_is_deleted()
    {
        _provider.Subject = Subject;
        var tokensBefore = _provider.TokensIssued;
        var page = await NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByTestId("oidc-sign-in").ClickAsync();

        // Back from the provider with a session of the mapped user, on the analyst's landing page.
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync("olga (analyst)");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/outcomes"));
        await page.GetByTestId("km-plot").WaitForAsync();
        Assert.Equal(tokensBefore + 1, _provider.TokensIssued);
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "registry-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        // The session is checked again like a token's: deleting the user ends it on the open page.
        using (var admin = AdminClient())
        {
            using var deleted = await admin.DeleteAsync("/api/admin/users/olga");
            Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        }

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin\\?ended=1"), new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task A_subject_that_is_not_a_registry_user_is_not_signed_in()
    {
        _provider.Subject = "someone-else-at-the-idp";
        var page = await NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByTestId("oidc-sign-in").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin\\?oidc=failed"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not a registry user");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "registry-session");
    }

    private HttpClient AdminClient()
    {
        var client = new HttpClient { BaseAddress = _host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WebHost.BootstrapToken);
        return client;
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _host.BaseAddress.ToString() });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}
