using System.Text.RegularExpressions;
using CalcinosisRegistry.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CalcinosisRegistry.Web.Tests.EndToEnd;

[Collection(WebAppCollection.Name)]
public sealed class AdminTests(WebApp app)
{
    [Fact]
    public async Task An_admin_issues_a_token_and_revoking_it_signs_its_open_session_out()
    {
        var admin = await app.NewPageAsync();
        await WebApp.SignInAsync(admin, app.Admin, landing: "/admin/cluster");
        await admin.GetByTestId("cluster-summary").WaitForAsync();
        await Screenshots.TakeAsync(admin, "admin-cluster");

        await admin.GotoAsync("/admin/access");
        await admin.Locator("#new-user-id").FillAsync("carl");
        await admin.Locator("#new-user-name").FillAsync("Carl (research nurse)");
        await admin.Locator("#new-user-role").SelectOptionAsync("Researcher");
        await admin.Locator("#new-user-sites").FillAsync(WebApp.NorthSite);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await admin.GetByRole(AriaRole.Heading, new() { Name = "Tokens of carl" }).WaitForAsync();
        await admin.Locator("#new-token-name").FillAsync("carl-laptop");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Issue token" }).ClickAsync();
        var secret = (await admin.GetByTestId("issued-token").InnerTextAsync()).Trim();
        Assert.StartsWith("crt_", secret, StringComparison.Ordinal);
        await Screenshots.TakeAsync(admin, "admin-access");

        // Carl signs in with the token just issued, in another browser.
        var carl = await app.NewPageAsync();
        await WebApp.SignInAsync(carl, new SeedUser("carl", "researcher", secret), landing: $"/sites/{WebApp.NorthSite}/cases");

        // The secret is shown once: listing the tokens again shows no secret.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Revoke token carl-laptop" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("token-row")).ToContainTextAsync("revoked");
        Assert.Equal(0, await admin.GetByTestId("issued-token").CountAsync());

        // Carl's open page ends up on the sign-in page, told why, within a second or so (5 s allowed on a busy machine).
        await Assertions.Expect(carl).ToHaveURLAsync(new Regex("/signin\\?ended=1"), new() { Timeout = 5_000 });
        await Assertions.Expect(carl.GetByRole(AriaRole.Status)).ToContainTextAsync("Your session has ended");
        await carl.GotoAsync($"/sites/{WebApp.NorthSite}/cases");
        await Assertions.Expect(carl).ToHaveURLAsync(new Regex("/signin"));
    }

    [Fact]
    public async Task An_admin_verifies_the_audit_trail_which_records_the_web_pages_viewed()
    {
        var page = await app.NewPageAsync();
        await WebApp.SignInAsync(page, app.Admin);
        await page.GotoAsync("/admin/audit");
        await page.Locator("#audit-actor").FillAsync("ada");
        await page.Locator("#audit-action").FillAsync("web.page.view");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.Locator("table[aria-label='Audit entries'] tbody")).ToContainTextAsync("/admin/audit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-verification")).ToContainTextAsync("The hash chain is intact");
        await Screenshots.TakeAsync(page, "admin-audit");

        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        var lines = await File.ReadAllLinesAsync((await csv.PathAsync())!);
        Assert.True(lines.Length > 1);
        Assert.All(lines.Skip(1), line => Assert.Contains("web.page.view", line, StringComparison.Ordinal));

        await page.GotoAsync("/admin/statistics");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rebuild now" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("rebuild-report")).ToContainTextAsync("Rebuilt from");
        await Screenshots.TakeAsync(page, "admin-statistics-rebuild");
    }
}
