using System.Text.Json;
using System.Text.RegularExpressions;
using CalcinosisRegistry.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CalcinosisRegistry.Web.Tests.EndToEnd;

[Collection(WebAppCollection.Name)]
public sealed class AnalystTests(WebApp app)
{
    [Fact]
    public async Task An_analyst_sees_a_new_case_counted_and_the_curves_drawn_and_downloads_csv_and_png()
    {
        using var root = app.Client(app.Root.Token);
        var before = await ExactCasesAsync(root);
        using (var alice = app.Client(app.Alice.Token))
        {
            await WebApp.PutCaseAsync(alice, WebApp.NorthSite, "WEB-ANALYST-1", WebApp.CaseJsonFor("WEB-ANALYST-1"));
        }

        // The statistics take the case in the background (well under a second); wait for the exact figure to move.
        await Polling.Eventually(async () => await ExactCasesAsync(root) == before + 1);

        // An admin's page shows the exact count, one more than before.
        var adminPage = await app.NewPageAsync();
        await WebApp.SignInAsync(adminPage, app.Admin);
        await adminPage.GotoAsync("/outcomes/all");
        await Assertions.Expect(adminPage.GetByTestId("cases-included")).ToContainTextAsync($"Cases included: {before + 1}");
        await Assertions.Expect(adminPage.GetByTestId("disclosure")).ToContainTextAsync("exact");

        // With exact figures every class with responders has a curve: its number at risk at day 0 is a positive count.
        var atDayZero = await adminPage.GetByTestId("at-risk-table").Locator("tbody tr td:nth-of-type(1)").AllInnerTextsAsync();
        Assert.Contains(atDayZero, cell => int.TryParse(cell, out var n) && n > 0);
        await Screenshots.TakeAsync(adminPage, "outcomes-exact");

        // The analyst's page shows what the API gives the analyst, marked as disclosure-controlled.
        var page = await app.NewPageAsync();
        await WebApp.SignInAsync(page, app.Analyst, landing: "/outcomes");
        await page.GotoAsync("/outcomes/all");
        using var analyst = app.Client(app.Analyst.Token);
        var published = JsonDocument.Parse(await analyst.GetStringAsync("/api/statistics/types/all?curve=false")).RootElement.GetProperty("casesIncluded");
        await Assertions.Expect(page.GetByTestId("cases-included")).ToContainTextAsync($"Cases included: {(published.ValueKind == JsonValueKind.Number ? published.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "—")}");
        await Assertions.Expect(page.GetByTestId("disclosure")).Not.ToContainTextAsync("exact");

        // The figure is drawn (under suppression a curve is published whole or not at all, so it may have no steps).
        var km = page.GetByTestId("km-plot");
        await Assertions.Expect(km).ToHaveAttributeAsync("src", new Regex("^data:image/svg\\+xml;base64,"));
        Assert.True(await km.EvaluateAsync<int>("img => img.naturalWidth") > 0);
        var svg = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((await km.GetAttributeAsync("src"))!.Split(',')[1]));
        Assert.Contains("<path", svg, StringComparison.Ordinal);

        await Screenshots.TakeAsync(page, "analyst-outcomes");

        var direct = await page.Context.APIRequest.GetAsync("/export/outcomes/all/tables/survival.csv");
        Assert.True(direct.Ok, $"{direct.Status}: {await direct.TextAsync()}");
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("survival-csv").ClickAsync());
        var table = await File.ReadAllTextAsync((await csv.PathAsync())!);
        Assert.StartsWith("type,class,responders,recurrences,survival_180,survival_365,survival_730,median_days,disclosure\n", table, StringComparison.Ordinal);
        Assert.Contains("\nall,all,", table, StringComparison.Ordinal);

        var png = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("km-png").ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await png.PathAsync())!);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("outcomes-all-km.png", png.SuggestedFilename);
    }

    private static async Task<int> ExactCasesAsync(HttpClient admin) =>
        JsonDocument.Parse(await admin.GetStringAsync("/api/statistics/types/all?curve=false")).RootElement.GetProperty("casesIncluded").GetInt32();
}
