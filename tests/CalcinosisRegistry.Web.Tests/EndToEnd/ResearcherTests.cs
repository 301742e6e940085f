using CalcinosisRegistry.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CalcinosisRegistry.Web.Tests.EndToEnd;

[Collection(WebAppCollection.Name)]
public sealed class ResearcherTests(WebApp app)
{
    [Fact]
    public async Task A_researcher_creates_a_case_through_the_form_fixes_a_validation_error_and_finds_it_in_the_list_and_timeline()
    {
        var page = await app.NewPageAsync();
        await WebApp.SignInAsync(page, app.Alice, landing: $"/sites/{WebApp.NorthSite}/cases");
        await Screenshots.TakeAsync(page, "researcher-case-list");

        await page.GetByRole(AriaRole.Link, new() { Name = "New case" }).ClickAsync();
        await page.Locator("#f-caseId").FillAsync("WEB-0001");
        await page.Locator("#f-sex").SelectOptionAsync("female");
        await page.Locator("#f-ageAtOnsetYears").FillAsync("51");
        await page.Locator("#f-diagnosisYear").FillAsync("2022");
        await page.Locator("#f-calcinosisType").SelectOptionAsync("dystrophic");
        await page.Locator("#f-lastFollowUpDay").FillAsync("300");
        await page.Locator("#f-lesions-0-bodySite").SelectOptionAsync("elbow");
        await page.Locator("#f-lesions-0-firstSeenDay").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add observation to lesion 1" }).ClickAsync();
        await page.Locator("#f-lesions-0-observations-0-day").FillAsync("0");
        await page.Locator("#f-lesions-0-observations-0-sizeMm").FillAsync("14");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add treatment course" }).ClickAsync();
        await page.Locator("#f-treatments-0-class").SelectOptionAsync("surgery");
        await page.Locator("#f-treatments-0-route").SelectOptionAsync("surgical");
        await page.Locator("#f-treatments-0-startDay").FillAsync("20");
        await page.Locator("#f-treatments-0-endDay").FillAsync("20");
        await page.Locator("#f-treatments-0-lesionIds").FillAsync("L1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add assessment to course 1" }).ClickAsync();
        await page.Locator("#f-treatments-0-assessments-0-day").FillAsync("60");
        await page.Locator("#f-treatments-0-assessments-0-response").SelectOptionAsync("complete");

        // The lesion's morphology is still missing: nothing is saved, and the fault shows at that field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save case" }).ClickAsync();
        await page.GetByTestId("fault-summary").WaitForAsync();
        var fault = page.Locator("#f-lesions-0-morphology-error");
        Assert.Contains("required", await fault.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("$.lesions[0].morphology", await page.GetByTestId("fault-summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator("#f-lesions-0-morphology").GetAttributeAsync("aria-invalid"));
        await Screenshots.TakeAsync(page, "researcher-editor-validation");
        using (var api = app.Client(app.Alice.Token))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync($"/api/sites/{WebApp.NorthSite}/cases/WEB-0001")).StatusCode);
        }

        await page.Locator("#f-lesions-0-morphology").SelectOptionAsync("nodule");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save case" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/sites/{WebApp.NorthSite}/cases/WEB-0001$"));
        var timeline = page.GetByTestId("case-timeline");
        await timeline.WaitForAsync();
        Assert.Equal(1, await timeline.Locator(".timeline-observation").CountAsync());
        Assert.Equal(1, await timeline.Locator(".timeline-treatment rect").CountAsync());
        Assert.Equal("C", await timeline.Locator(".timeline-assessment text").TextContentAsync());
        await Screenshots.TakeAsync(page, "researcher-case-timeline");

        // The API sees the case exactly as entered in the form.
        using (var api = app.Client(app.Alice.Token))
        {
            var stored = await api.GetStringAsync($"/api/sites/{WebApp.NorthSite}/cases/WEB-0001");
            Assert.Contains("\"bodySite\":\"elbow\"", stored, StringComparison.Ordinal);
            Assert.Contains("\"sizeMm\":14", stored, StringComparison.Ordinal);
        }

        await page.GotoAsync($"/sites/{WebApp.NorthSite}/cases");
        await page.Locator("#case-search").FillAsync("WEB-00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "WEB-0001" }).WaitForAsync();
        Assert.Equal(1, await page.Locator("table.registry-table tbody tr").CountAsync());
    }

    [Fact]
    public async Task A_second_session_editing_the_same_case_meets_the_conflict_and_can_reload()
    {
        using var api = app.Client(app.Alice.Token);
        await WebApp.PutCaseAsync(api, WebApp.NorthSite, "WEB-CONFLICT", WebApp.CaseJsonFor("WEB-CONFLICT", followUp: 400));

        var first = await app.NewPageAsync();
        await WebApp.SignInAsync(first, app.Alice);
        await first.GotoAsync($"/sites/{WebApp.NorthSite}/cases/WEB-CONFLICT/edit");
        var second = await app.NewPageAsync();
        await WebApp.SignInAsync(second, app.Alice);
        await second.GotoAsync($"/sites/{WebApp.NorthSite}/cases/WEB-CONFLICT/edit");

        await first.Locator("#f-lastFollowUpDay").FillAsync("500");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save case" }).ClickAsync();
        await Assertions.Expect(first).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/sites/{WebApp.NorthSite}/cases/WEB-CONFLICT$"));

        await second.Locator("#f-lastFollowUpDay").FillAsync("450");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save case" }).ClickAsync();
        var conflict = second.GetByTestId("conflict");
        await conflict.WaitForAsync();
        var row = conflict.Locator("tr", new() { HasText = "$.lastFollowUpDay" });
        Assert.Equal(["$.lastFollowUpDay", "450", "500"], await row.Locator("td").AllInnerTextsAsync());
        await Screenshots.TakeAsync(second, "researcher-editor-conflict");

        // Nothing was overwritten; reloading shows the other session's value.
        Assert.Contains("\"lastFollowUpDay\":500", await api.GetStringAsync($"/api/sites/{WebApp.NorthSite}/cases/WEB-CONFLICT"), StringComparison.Ordinal);
        await second.GetByRole(AriaRole.Button, new() { Name = "Reload the stored case (discard mine)" }).ClickAsync();
        await Assertions.Expect(second.Locator("#f-lastFollowUpDay")).ToHaveValueAsync("500");
    }

    [Fact]
    public async Task A_researcher_cannot_open_another_sites_case_by_its_address()
    {
        using var bob = app.Client(app.Bob.Token);
        await WebApp.PutCaseAsync(bob, WebApp.SouthSite, "SOUTH-SECRET", WebApp.CaseJsonFor("SOUTH-SECRET"));

        var page = await app.NewPageAsync();
        await WebApp.SignInAsync(page, app.Alice);
        await page.GotoAsync($"/sites/{WebApp.SouthSite}/cases/SOUTH-SECRET");
        var problem = page.GetByTestId("case-problem");
        await problem.WaitForAsync();
        Assert.Contains("Not found", await problem.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByTestId("case-timeline").CountAsync());

        await page.GotoAsync($"/sites/{WebApp.SouthSite}/cases/SOUTH-SECRET/edit");
        await page.GetByTestId("editor-problem").WaitForAsync();
        Assert.Equal(0, await page.Locator("#f-lastFollowUpDay").CountAsync());
    }
}
