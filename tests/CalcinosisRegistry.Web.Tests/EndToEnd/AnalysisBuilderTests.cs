using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CalcinosisRegistry.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CalcinosisRegistry.Web.Tests.EndToEnd;

[Collection(WebAppCollection.Name)]
public sealed class AnalysisBuilderTests(WebApp app)
{
    /// <summary>What the analyst builds in the form below, as the API's body.</summary>
    private const string Body = """{"filter":{"ageAtOnset":{"min":0},"sites":["web-north"]},"compare":"treatment-class"}""";

    [Fact]
    public async Task An_analyst_builds_a_comparison_and_sees_the_api_s_curves_test_and_table_and_downloads_them()
    {
        // Every case of the site is in the analyses before the comparison (earlier tests may have just written one).
        using var root = app.Client(app.Root.Token);
        using var alice = app.Client(app.Alice.Token);
        await Polling.Eventually(async () => (await AnalyzeAsync(root)).GetProperty("casesIncluded").GetInt32() == await LiveCasesAsync(alice));

        var page = await app.NewPageAsync();
        await WebApp.SignInAsync(page, app.Analyst);
        await page.GotoAsync("/analyses");
        await page.Locator("#f-filter-ageAtOnset-min").FillAsync("0");
        await page.Locator("#f-filter-sites").FillAsync(WebApp.NorthSite);
        await page.Locator("#f-compare").SelectOptionAsync("treatment-class");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run analysis" }).ClickAsync();

        // The page shows what the API answers the same analyst for the same body: rounded, with the same test and groups.
        using var analyst = app.Client(app.Analyst.Token);
        var expected = await AnalyzeAsync(analyst);
        Assert.Equal("rounded", expected.GetProperty("disclosure").GetString());
        var test = expected.GetProperty("logRank");
        Assert.Equal(JsonValueKind.Object, test.ValueKind);
        await Assertions.Expect(page.GetByTestId("log-rank")).ToContainTextAsync(string.Create(CultureInfo.InvariantCulture,
            $"over {test.GetProperty("groups").GetInt32()} groups: χ² = {test.GetProperty("chiSquare").GetDouble():G4}, df = {test.GetProperty("df").GetInt32()}, p = {test.GetProperty("pValue").GetDouble():G4}"));
        await Assertions.Expect(page.GetByTestId("disclosure")).ToContainTextAsync("rounded");
        await Assertions.Expect(page.GetByTestId("analysis-cohort")).ToContainTextAsync($"Cases included: {expected.GetProperty("casesIncluded").GetInt32()}");
        var groups = expected.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()!).ToList();
        Assert.Equal(groups, await page.GetByTestId("analysis-table").Locator("tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.group)"));

        // One curve per group with responders is drawn on the one figure (a step line each, with its legend entry).
        var plot = page.GetByTestId("analysis-km-plot");
        await Assertions.Expect(plot).ToHaveAttributeAsync("src", new Regex("^data:image/svg\\+xml;base64,"));
        Assert.True(await plot.EvaluateAsync<int>("img => img.naturalWidth") > 0);
        var svg = Encoding.UTF8.GetString(Convert.FromBase64String((await plot.GetAttributeAsync("src"))!.Split(',')[1]));
        Assert.Contains("<path", svg, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "analyst-analysis-builder");

        // The CSV download is the API's CSV of the same analysis for the same analyst.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("analysis-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        using var asCsv = await analyst.PostAsync("/api/analyses?format=csv", new StringContent(Body, Encoding.UTF8, "application/json"));
        Assert.Equal(await asCsv.Content.ReadAsStringAsync(), csv);
        Assert.Contains("logRank,,chiSquare,", csv, StringComparison.Ordinal);

        var png = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("analysis-png").ClickAsync());
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, (await File.ReadAllBytesAsync((await png.PathAsync())!))[..8]);

        // The run and both downloads are in the audit trail as the analyst's, with the digest of the body built above.
        var digest = $"sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Body)))}";
        var events = JsonDocument.Parse(await root.GetStringAsync($"/api/admin/audit?actor={app.Analyst.UserId}&limit=1000")).RootElement
            .GetProperty("items").EnumerateArray().Select(entry => entry.GetProperty("event")).ToList();
        foreach (var action in new[] { "web.analysis.run", "web.export.analysis-table", "web.export.analysis-figure" })
        {
            Assert.Contains(events, e => e.GetProperty("action").GetString() == action && e.GetProperty("detail").GetString() == digest
                && e.GetProperty("status").GetInt32() == 200);
        }
    }

    [Fact]
    public async Task An_inverted_range_is_shown_at_its_field_and_nothing_is_run()
    {
        var page = await app.NewPageAsync();
        await WebApp.SignInAsync(page, app.Analyst);
        await page.GotoAsync("/analyses");
        await page.Locator("#f-filter-diagnosisYear-min").FillAsync("2024");
        await page.Locator("#f-filter-diagnosisYear-max").FillAsync("2005");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run analysis" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("analysis-problem")).ToContainTextAsync("faults");
        await Assertions.Expect(page.Locator("form[aria-label='Analysis']")).ToContainTextAsync("diagnosisYear.min (2024) is greater than diagnosisYear.max (2005)");
        Assert.Equal(0, await page.GetByTestId("analysis-table").CountAsync());
    }

    private static async Task<JsonElement> AnalyzeAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/analyses", new StringContent(Body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The site's live cases, as its researcher lists them.</summary>
    private static async Task<int> LiveCasesAsync(HttpClient researcher) =>
        JsonDocument.Parse(await researcher.GetStringAsync($"/api/sites/{WebApp.NorthSite}/cases?limit=1")).RootElement.GetProperty("total").GetInt32();
}
