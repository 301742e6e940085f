using CalcinosisRegistry.Web.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CalcinosisRegistry.Web.Tests.EndToEnd;

/// <summary>
/// Every page, as its user sees it, has no axe-core violation of serious or critical impact, at 1280×800 and at a
/// phone's width (390×844), where the page must not scroll sideways.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class AccessibilityTests(WebApp app)
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task The_pages_have_no_serious_accessibility_violations(int width, int height)
    {
        using (var alice = app.Client(app.Alice.Token))
        {
            await WebApp.PutCaseAsync(alice, WebApp.NorthSite, "WEB-A11Y", WebApp.CaseJsonFor("WEB-A11Y"));
        }

        var signIn = await app.NewPageAsync(width, height);
        await signIn.GotoAsync("/signin");
        await AssertAccessibleAsync(signIn, "sign-in", width);

        var researcher = await app.NewPageAsync(width, height);
        await WebApp.SignInAsync(researcher, app.Alice);
        foreach (var (path, ready) in new[]
        {
            ($"/sites/{WebApp.NorthSite}/cases", "case-count"),
            ($"/sites/{WebApp.NorthSite}/cases/WEB-A11Y", "case-timeline"),
        })
        {
            await researcher.GotoAsync(path);
            await researcher.GetByTestId(ready).WaitForAsync();
            await AssertAccessibleAsync(researcher, path, width);
        }

        await researcher.GotoAsync($"/sites/{WebApp.NorthSite}/cases/WEB-A11Y/edit");
        await researcher.Locator("#f-lastFollowUpDay").WaitForAsync();
        await AssertAccessibleAsync(researcher, "editor", width);

        var analyst = await app.NewPageAsync(width, height);
        await WebApp.SignInAsync(analyst, app.Analyst);
        await analyst.GotoAsync("/outcomes/all");
        await analyst.GetByTestId("km-plot").WaitForAsync();
        await AssertAccessibleAsync(analyst, "outcomes", width);
        if (width < 600)
        {
            await Screenshots.TakeAsync(analyst, "phone-outcomes");
        }

        await analyst.GotoAsync("/analyses");
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Run analysis" }).ClickAsync();
        await analyst.GetByTestId("analysis-km-plot").WaitForAsync();
        await AssertAccessibleAsync(analyst, "analysis builder", width);
        if (width < 600)
        {
            await Screenshots.TakeAsync(analyst, "phone-analysis-builder");
        }

        var admin = await app.NewPageAsync(width, height);
        await WebApp.SignInAsync(admin, app.Admin);
        foreach (var (path, ready) in new[]
        {
            ("/admin/cluster", "[data-testid=cluster-summary]"),
            ("/admin/access", "#new-user-id"),
            ("/admin/audit", "table[aria-label='Audit entries']"),
            ("/admin/statistics", "button"),
        })
        {
            await admin.GotoAsync(path);
            await admin.Locator(ready).First.WaitForAsync();
            await AssertAccessibleAsync(admin, path, width);
        }
    }

    [Fact]
    public async Task Signing_in_and_reaching_the_case_list_works_with_the_keyboard_alone()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("token", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync(app.Alice.Token);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByTestId("case-count").WaitForAsync();

        // Tab reaches the site picker, and Enter on a focused case link opens it.
        await page.Locator("#site-picker").FocusAsync();
        var link = page.Locator("table.registry-table tbody a").First;
        await link.FocusAsync();
        var caseId = await link.InnerTextAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Case {caseId}", Level = 1 })).ToBeVisibleAsync();
    }

    private static async Task AssertAccessibleAsync(IPage page, string name, int width)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        Assert.True(serious.Count == 0, $"{name} at {width}px:\n{string.Join("\n", serious)}");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
        Assert.False(overflow, $"{name} at {width}px scrolls sideways.");
    }
}
