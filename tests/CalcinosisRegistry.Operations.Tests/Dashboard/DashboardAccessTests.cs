using System.Net;
using CalcinosisRegistry.Operations.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CalcinosisRegistry.Operations.Tests.Dashboard;

/// <summary>
/// Defect 5: the Orleans Dashboard and its data routes answered anyone. Its page and its data (counters, grain
/// state, the live trace) are for admins only: by bearer token, or by the cookie the sign-in page sets.
/// </summary>
public sealed class DashboardAccessTests(OperationsRegistryFactory factory) : IClassFixture<OperationsRegistryFactory>
{
    public static readonly TheoryData<string> DashboardRoutes = new() { "/dashboard/", "/dashboard/index.html", "/dashboard/DashboardCounters", "/dashboard/ClusterStats", "/dashboard/version" };

    [Theory]
    [MemberData(nameof(DashboardRoutes))]
    public async Task Anonymous_callers_are_refused(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(DashboardRoutes))]
    public async Task An_admin_token_opens_it(string path)
    {
        using var admin = factory.CreateClient().As(OperationsRegistryFactory.AdminToken);

        using var response = await admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_researcher_is_forbidden()
    {
        using var admin = factory.CreateClient().As(OperationsRegistryFactory.AdminToken);
        var researcherToken = await RegistryCalls.IssueTokenAsync(admin, $"researcher-{Guid.NewGuid():N}"[..20], "researcher", "dashboard-site");
        using var researcher = factory.CreateClient().As(researcherToken);

        using var response = await researcher.GetAsync("/dashboard/DashboardCounters");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_browser_signs_in_once_and_its_cookie_opens_the_data_routes()
    {
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using (var page = await browser.GetAsync("/dashboard-sign-in"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync());
        }

        using var signIn = await browser.PostAsync("/dashboard-sign-in", new FormUrlEncodedContent([new("token", OperationsRegistryFactory.AdminToken)]));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);

        using var counters = await browser.GetAsync("/dashboard/DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
    }

    [Fact]
    public async Task A_cookie_holding_a_wrong_token_is_refused()
    {
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var signIn = await browser.PostAsync("/dashboard-sign-in", new FormUrlEncodedContent([new("token", "crt_not_a-real-token")]));

        using var counters = await browser.GetAsync("/dashboard/DashboardCounters");

        Assert.Equal(HttpStatusCode.Unauthorized, counters.StatusCode);
    }
}
