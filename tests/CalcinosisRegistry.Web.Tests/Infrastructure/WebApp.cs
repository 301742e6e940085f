using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Synthetic;
using Microsoft.Playwright;

namespace CalcinosisRegistry.Web.Tests.Infrastructure;

/// <summary>
/// One running registry with seeded data, shared by the end-to-end tests of a class: two sites, a researcher for
/// each, an analyst and an admin, and a synthetic cohort in the first site so the outcomes have curves to draw.
/// Provisioning and seeding go through the real HTTP API, as an administrator's script would.
/// </summary>
public sealed class WebApp : IAsyncLifetime
{
    public const string NorthSite = "web-north";
    public const string SouthSite = "web-south";
    public const int SeededCases = 60;

    private readonly WebHost _host = new();
    private IPlaywright? _playwright;

    public Uri BaseAddress => _host.BaseAddress;
    public IBrowser Browser { get; private set; } = default!;
    public SeedUser Alice { get; private set; } = default!;
    public SeedUser Bob { get; private set; } = default!;
    public SeedUser Analyst { get; private set; } = default!;
    public SeedUser Admin { get; private set; } = default!;
    public SeedUser Root { get; } = new("bootstrap-admin", "admin", WebHost.BootstrapToken);

    public async Task InitializeAsync()
    {
        _host.StartServer();
        using var admin = Client(WebHost.BootstrapToken);
        await Ok(admin.PostAsJsonAsync("/api/admin/sites", new { siteId = NorthSite, name = "North General" }));
        await Ok(admin.PostAsJsonAsync("/api/admin/sites", new { siteId = SouthSite, name = "South Clinic" }));
        Alice = await UserAsync(admin, "alice", "researcher", [NorthSite]);
        Bob = await UserAsync(admin, "bob", "researcher", [SouthSite]);
        Analyst = await UserAsync(admin, "ann", "analyst", []);
        Admin = await UserAsync(admin, "ada", "admin", []);

        using var alice = Client(Alice.Token);
        foreach (var seeded in SyntheticCohort.Generate(SeededCases, seed: 17, sites: [NorthSite]))
        {
            await PutCaseAsync(alice, NorthSite, seeded.Document.CaseId, CaseJson.Serialize(seeded.Document));
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await Browsers.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await _host.DisposeAsync();
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates or replaces a case through the API; returns its new ETag.</summary>
    public static async Task<string> PutCaseAsync(HttpClient client, string siteId, string caseId, string json, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/sites/{siteId}/cases/{caseId}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"PUT {caseId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.ETag!.Tag;
    }

    /// <summary>A small valid case of the contract, written by hand for the tests.</summary>
    public static string CaseJsonFor(string caseId, string type = "dystrophic", int followUp = 400) => new JsonObject
    {
        ["caseId"] = caseId,
        ["sex"] = "female",
        ["ageAtOnsetYears"] = 44,
        ["diagnosisYear"] = 2021,
        ["calcinosisType"] = type,
        ["underlyingConditions"] = new JsonArray("systemic-sclerosis"),
        ["lesions"] = new JsonArray(new JsonObject
        {
            ["lesionId"] = "L1", ["bodySite"] = "finger", ["morphology"] = "nodule", ["firstSeenDay"] = 0,
            ["observations"] = new JsonArray(new JsonObject { ["day"] = 0, ["sizeMm"] = 12.0 }),
        }),
        ["treatments"] = new JsonArray(new JsonObject
        {
            ["treatmentId"] = "T1", ["class"] = "surgery", ["route"] = "surgical", ["startDay"] = 10, ["endDay"] = 10,
            ["lesionIds"] = new JsonArray("L1"),
            ["assessments"] = new JsonArray(new JsonObject { ["day"] = 40, ["response"] = "complete" }),
        }),
        ["lastFollowUpDay"] = followUp,
    }.ToJsonString();

    /// <summary>A fresh browser session (its own cookies) at a given window size.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the form and waits for the interactive page the role lands on.</summary>
    public static async Task SignInAsync(IPage page, SeedUser user, string? landing = null)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Registry token").FillAsync(user.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.GetByTestId("signed-in-as").WaitForAsync();
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"Not signed in; the browser is at {page.Url} showing: {await page.Locator("body").InnerTextAsync()}", exception);
        }
        if (landing is not null)
        {
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(landing)));
        }
    }

    private static async Task<SeedUser> UserAsync(HttpClient admin, string userId, string role, string[] sites)
    {
        await Ok(admin.PostAsJsonAsync("/api/admin/users", new { userId, displayName = userId, role, sites }));
        using var issued = await admin.PostAsJsonAsync($"/api/admin/users/{userId}/tokens", new { name = $"{userId}-web-tests", expiresInDays = 1 });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        return new SeedUser(userId, role, token);
    }

    private static async Task Ok(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
